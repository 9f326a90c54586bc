package io.outpost.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

import io.vertx.core.Vertx;

/**
 * A lane's one timer, set for the earliest moment anything may become due, and the retry times behind
 * it. Used from the lane's Vert.x context only, like the lane itself.
 */
final class LaneAlarm {

    /** Timers run on the monotonic clock and may fire a little before the wall-clock due time. */
    private static final Duration TIMER_SLACK = Duration.ofMillis(5);

    private final Vertx vertx;
    private final Clock clock;
    private final Runnable ring;
    /** When the lane's failed messages fall due again (a timer can fire a little early: keep them). */
    private final PriorityQueue<Instant> retries = new PriorityQueue<>();
    private long timer = -1;
    private Instant timerAt;
    private boolean stopped;

    LaneAlarm(Vertx vertx, Clock clock, Runnable ring) {
        this.vertx = vertx;
        this.clock = clock;
        this.ring = ring;
    }

    /** A message of the lane falls due again then. */
    void retryAt(Instant at) {
        retries.add(at);
        ringAt(at.plus(TIMER_SLACK));
    }

    /** Nothing more is due now: ring when the next retry falls due, or after {@code poll} at the latest. */
    void idle(Duration poll) {
        Instant now = clock.instant();
        while (!retries.isEmpty() && !retries.peek().isAfter(now)) {
            retries.poll();
        }
        Instant latest = now.plus(poll);
        ringAt(retries.isEmpty() || retries.peek().isAfter(latest) ? latest : retries.peek().plus(TIMER_SLACK));
    }

    /** Rings at {@code at}, unless the timer is already set to ring sooner. */
    void ringAt(Instant at) {
        if (stopped || (timerAt != null && !at.isBefore(timerAt) && timer >= 0)) {
            return;
        }
        vertx.cancelTimer(timer);
        timerAt = at;
        long delay = Math.max(1, Duration.between(clock.instant(), at).toMillis());
        timer = vertx.setTimer(delay, id -> {
            timer = -1;
            timerAt = null;
            ring.run();
        });
    }

    void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }
}
