package io.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

class LaneAlarmTest {

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final Clock clock = Clock.systemUTC();
    private final AtomicInteger rings = new AtomicInteger();
    private final LaneAlarm alarm = new LaneAlarm(vertx, clock, rings::incrementAndGet);

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aLaterMomentDoesNotPostponeTheTimer() {
        Instant start = clock.instant();
        onContext(() -> {
            alarm.ringAt(start.plusMillis(50));
            alarm.ringAt(start.plusSeconds(60));
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> rings.get() == 1);
        assertThat(Duration.between(start, clock.instant())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anEarlierMomentBringsTheTimerForward() {
        Instant start = clock.instant();
        onContext(() -> {
            alarm.ringAt(start.plusSeconds(60));
            alarm.ringAt(start.plusMillis(50));
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> rings.get() == 1);
    }

    @Test
    void idleRingsForTheNextRetryBeforeThePoll() {
        Instant start = clock.instant();
        onContext(() -> {
            alarm.retryAt(start.minusSeconds(1)); // already due: dropped, rings at once
            alarm.retryAt(start.plusMillis(1500));
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> rings.get() == 1);
        onContext(() -> alarm.idle(Duration.ofSeconds(60)));
        await().atMost(Duration.ofSeconds(5)).until(() -> rings.get() == 2);
        assertThat(Duration.between(start, clock.instant())).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aStoppedAlarmStaysSilent() {
        Instant start = clock.instant();
        onContext(() -> {
            alarm.ringAt(start.plusMillis(20));
            alarm.stop();
            alarm.retryAt(start.plusMillis(40));
        });
        onContext(() -> alarm.ringAt(start.plusMillis(60)));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> rings.get() == 0);
    }

    /** On the one event-loop context the timers fire on, as in a lane. */
    private void onContext(Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            action.run();
            done.complete(null);
        });
        done.join();
    }
}
