package io.outpost.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

import io.outpost.upstream.Backoff;

/**
 * What to do after a connection or an attempt ended, and when to fall back to long polling. Pure: fed a
 * clock, no I/O. The server's wishes come first: a clean end of a connection that made progress is followed
 * by the server's reconnection time (SSE {@code retry:}) or a prompt attempt (a jittered wait up to
 * {@code initial-delay}), without counting as a failure; exponential backoff with jitter is for failures
 * only; a rejection waits {@code rejected-delay}; a 204 stops. Progress is an event received or a connection
 * that stayed up for {@code stableAfter}: it resets the failures. A clean end without progress counts as a
 * failure, so a server that accepts and closes at once is retried with growing waits, not in a loop.
 */
final class ReconnectPolicy {

    /** The next step. */
    enum Step { PROMPT, BACKOFF, REJECTED, STOP }

    /** The step, its wait (zero for {@code STOP}) and why, in words. */
    record Decision(Step step, Duration delay, String reason) {
    }

    private final Backoff backoff;
    private final Duration prompt;
    private final Duration rejectedDelay;
    private final int fallbackAfter;
    private final Duration stableAfter;
    private final Clock clock;
    private final RandomGenerator random;
    private int failures;
    private Instant connectedAt;
    private boolean progress;

    /**
     * {@code prompt}: the longest wait of a prompt reconnection; {@code rejectedDelay}: the wait after a
     * rejection (jittered down to three quarters of it).
     */
    ReconnectPolicy(Backoff backoff, Duration prompt, Duration rejectedDelay, int fallbackAfter,
            Duration stableAfter, Clock clock, RandomGenerator random) {
        this.backoff = backoff;
        this.prompt = prompt;
        this.rejectedDelay = rejectedDelay;
        this.fallbackAfter = fallbackAfter;
        this.stableAfter = stableAfter;
        this.clock = clock;
        this.random = random;
    }

    /** The transport is connected. */
    void connected() {
        connectedAt = clock.instant();
        progress = false;
    }

    /** An event arrived on the live connection: the failures so far are forgotten. */
    void progressed() {
        progress = true;
        failures = 0;
    }

    /**
     * The connection or attempt ended; {@code serverRetry} is the reconnection time the server set (SSE
     * {@code retry:}), if any.
     */
    Decision ended(Ending end, Optional<Duration> serverRetry) {
        boolean madeProgress = progress || connectedAt != null
                && !clock.instant().isBefore(connectedAt.plus(stableAfter));
        connectedAt = null;
        progress = false;
        if (madeProgress) {
            failures = 0;
        }
        return switch (end.kind()) {
            case GONE -> new Decision(Step.STOP, Duration.ZERO, end.reason());
            case REJECTED -> {
                failures++;
                long max = rejectedDelay.toMillis();
                long low = max - max / 4;
                yield new Decision(Step.REJECTED, Duration.ofMillis(low + random.nextLong(max - low + 1)),
                        end.reason());
            }
            case CLEAN -> madeProgress
                    ? new Decision(Step.PROMPT, serverRetry.orElseGet(this::promptWait), end.reason())
                    : failure(end.reason() + " without any event", serverRetry);
            case BROKEN -> failure(end.reason(), serverRetry);
            case REFUSED -> failure(end.reason(), end.hint().or(() -> serverRetry));
        };
    }

    private Decision failure(String reason, Optional<Duration> floor) {
        failures++;
        return new Decision(Step.BACKOFF, backoff.next(failures, floor), reason);
    }

    private Duration promptWait() {
        return Duration.ofMillis(random.nextLong(prompt.toMillis() + 1));
    }

    /** Whether the main transport failed often enough in a row to poll the fallback meanwhile. */
    boolean fallBack() {
        return failures >= fallbackAfter;
    }

    /** Failures in a row so far. */
    int failures() {
        return failures;
    }
}
