package io.outpost.upstream;

import java.time.Duration;
import java.time.Instant;

/**
 * The one retry decision for everything that retries an upstream (outbox messages, transfers): what an
 * attempt's {@link Outcome} makes of the thing tried — delivered, dead, not attempted (tried again soon,
 * costing no attempt), or again after the route's backoff — and when. Pure: the caller passes the attempts
 * made so far and the clock's reading; each feature maps the verdict onto its own states.
 */
public final class RetryDecision {

    /** A request that never left the agent (offline, circuit open, bulkhead full) is tried again this soon. */
    public static final Duration NOT_ATTEMPTED_DELAY = Duration.ofMillis(250);

    private final Backoff backoff;
    private final int maxAttempts;

    /** @param maxAttempts attempts before dead; 0 or less retries for ever (the contract's -1) */
    public RetryDecision(Backoff backoff, int maxAttempts) {
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
    }

    /** What an attempt made after {@code attemptsBefore} counted ones means, decided at {@code now}. */
    public Verdict after(int attemptsBefore, Outcome outcome, Instant now) {
        int attempts = attemptsBefore + 1;
        if (outcome instanceof Outcome.Delivered d) {
            return new Verdict.Delivered(attempts, d.status());
        }
        if (outcome instanceof Outcome.Dead d) {
            // A status of 0 is a failure with no answer (a local file error): there is no status to show.
            return new Verdict.Dead(attempts, d.status() == 0 ? null : d.status(), d.error());
        }
        Outcome.Retry retry = (Outcome.Retry) outcome;
        if (!retry.attempted()) {
            return new Verdict.NotAttempted(attemptsBefore, now.plus(NOT_ATTEMPTED_DELAY), retry.error());
        }
        if (maxAttempts > 0 && attempts >= maxAttempts) {
            return new Verdict.Dead(attempts, retry.status(), "gave up after " + attempts
                    + (attempts == 1 ? " attempt" : " attempts") + "; last: " + retry.error());
        }
        return new Verdict.Again(attempts, now.plus(backoff.next(attempts, retry.retryAfter())), retry.status(),
                retry.error());
    }

    /** The decision; {@code attempts} counts the attempts made, this one included when it counted. */
    public sealed interface Verdict {

        int attempts();

        /** Done: the upstream took it. */
        record Delivered(int attempts, int status) implements Verdict {
        }

        /** Never tried again: refused for good, or out of attempts. */
        record Dead(int attempts, Integer status, String error) implements Verdict {
        }

        /** Nothing reached the upstream: tried again at {@code at}, the attempt not counted. */
        record NotAttempted(int attempts, Instant at, String error) implements Verdict {
        }

        /** A counted attempt that failed retryably: tried again at {@code at}, after the backoff. */
        record Again(int attempts, Instant at, Integer status, String error) implements Verdict {
        }
    }
}
