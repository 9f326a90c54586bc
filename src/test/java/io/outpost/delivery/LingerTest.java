package io.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.outpost.config.RouteBatchConfig.Format;

class LingerTest {

    private static final Instant T0 = Instant.parse("2026-12-08T00:00:00Z");

    @Test
    void aShortBatchWaitsAtMostTheLingerFromWhenItWasFirstFoundShort() {
        Linger linger = new Linger(new BatchFormatTest.Batching(10, 1000, Duration.ofMillis(200), Format.NDJSON));
        assertThat(linger.holdUntil(3, T0)).isEqualTo(T0.plusMillis(200));
        assertThat(linger.holdUntil(5, T0.plusMillis(150))).as("more came: still the first deadline")
                .isEqualTo(T0.plusMillis(200));
        assertThat(linger.holdUntil(5, T0.plusMillis(200))).as("the linger is over").isNull();
        linger.sent();
        assertThat(linger.holdUntil(10, T0.plusMillis(300))).as("a full batch goes at once").isNull();
        assertThat(linger.holdUntil(1, T0.plusMillis(300))).isEqualTo(T0.plusMillis(500));
    }

    @Test
    void noLingerSendsWhatIsReady() {
        Linger linger = new Linger(new BatchFormatTest.Batching(10, 1000, Duration.ZERO, Format.NDJSON));
        assertThat(linger.holdUntil(1, T0)).isNull();
    }
}
