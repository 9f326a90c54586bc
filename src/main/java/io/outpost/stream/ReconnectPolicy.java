package io.outpost.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.outpost.upstream.Backoff;

/**
 * When to reconnect and when to fall back to long polling. Pure: fed a clock, no I/O. A connection that
 * breaks before it was up for {@code stableAfter} counts as a failure like a refused one, so a server that
 * accepts and drops at once is retried with growing waits rather than in a tight loop; one that stayed up
 * that long resets the schedule.
 */
final class ReconnectPolicy {

    private final Backoff backoff;
    private final int fallbackAfter;
    private final Duration stableAfter;
    private final Clock clock;
    private int failures;
    private Instant connectedAt;

    ReconnectPolicy(Backoff backoff, int fallbackAfter, Duration stableAfter, Clock clock) {
        this.backoff = backoff;
        this.fallbackAfter = fallbackAfter;
        this.stableAfter = stableAfter;
        this.clock = clock;
    }

    /** The main transport is connected. */
    void connected() {
        connectedAt = clock.instant();
    }

    /**
     * A connection attempt failed or a connection ended; the wait before the next attempt. A
     * {@code floor} (an SSE {@code retry:}) is the least wait.
     */
    Duration failed(Optional<Duration> floor) {
        if (connectedAt != null && !clock.instant().isBefore(connectedAt.plus(stableAfter))) {
            failures = 0;
        }
        connectedAt = null;
        failures++;
        return backoff.next(failures, floor);
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
