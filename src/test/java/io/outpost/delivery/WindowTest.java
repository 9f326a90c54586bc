package io.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.outpost.outbox.MessageStatus;

class WindowTest {

    private static AttemptResult result(MessageStatus status, boolean attempted, Integer http) {
        return new AttemptResult(UUID.randomUUID(), "r", status, attempted, Instant.EPOCH, http, null);
    }

    @Test
    void successesGrowTheWindowUpToTheConcurrency() {
        int w = 1;
        for (int i = 0; i < 20; i++) {
            w = Window.next(w, 8, result(MessageStatus.DELIVERED, true, 200));
        }
        assertThat(w).isEqualTo(8);
    }

    @Test
    void slowDownAnswersHalveIt() {
        assertThat(Window.next(8, 8, result(MessageStatus.QUEUED, true, 429))).isEqualTo(4);
        assertThat(Window.next(5, 8, result(MessageStatus.QUEUED, true, 503))).isEqualTo(2);
        assertThat(Window.next(1, 8, result(MessageStatus.QUEUED, true, 429))).isEqualTo(1);
    }

    @Test
    void otherFailuresLeaveItAlone() {
        assertThat(Window.next(6, 8, result(MessageStatus.QUEUED, true, 500))).isEqualTo(6);
        assertThat(Window.next(6, 8, result(MessageStatus.QUEUED, true, null))).isEqualTo(6);
        assertThat(Window.next(6, 8, result(MessageStatus.QUEUED, false, null))).isEqualTo(6);
        assertThat(Window.next(6, 8, result(MessageStatus.DEAD, true, 400))).isEqualTo(6);
    }
}
