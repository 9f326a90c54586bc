package io.outpost.delivery;

import java.time.Duration;
import java.time.Instant;
import io.outpost.upstream.Backoff;
import io.outpost.upstream.Outcome;

/**
 * Turns an attempt's {@link Outcome} into the message's next state: delivered, dead, expired, or queued
 * with the time of the next attempt. Pure; the caller passes the clock's reading.
 */
final class RetrySchedule {

    /** A request that never left the agent is tried again this soon. */
    static final Duration NOT_ATTEMPTED_DELAY = Duration.ofMillis(250);

    private final Backoff backoff;
    private final int maxAttempts;

    RetrySchedule(Backoff backoff, int maxAttempts) {
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
    }

    /** The result for a claimed message whose TTL ran out before it could be sent, or null. */
    static AttemptResult expiredBeforeSending(Claimed message, String route, Instant now) {
        return message.expiresAt() == null || now.isBefore(message.expiresAt()) ? null
                : new AttemptResult(message.id(), route, "expired", false, null, null, "TTL ran out before delivery");
    }

    AttemptResult after(Claimed message, String route, Outcome outcome, Instant now) {
        if (outcome instanceof Outcome.Delivered d) {
            return new AttemptResult(message.id(), route, "delivered", true, null, d.status(), null);
        }
        if (outcome instanceof Outcome.Dead d) {
            return new AttemptResult(message.id(), route, "dead", true, null, d.status(), d.error());
        }
        Outcome.Retry retry = (Outcome.Retry) outcome;
        if (!retry.attempted()) {
            return new AttemptResult(message.id(), route, "queued", false, now.plus(NOT_ATTEMPTED_DELAY), null, null);
        }
        int attempts = message.attempts() + 1;
        if (maxAttempts > 0 && attempts >= maxAttempts) {
            return new AttemptResult(message.id(), route, "dead", true, null, retry.status(),
                    "gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + "; last: " + retry.error());
        }
        // A next attempt past the message's expiry never comes: it stays queued until then, and the expiry
        // sweep marks it expired at its TTL, as the contract words it ("undelivered by then"), not earlier.
        Instant next = now.plus(backoff.next(attempts, retry.retryAfter()));
        return new AttemptResult(message.id(), route, "queued", true, next, retry.status(), retry.error());
    }
}
