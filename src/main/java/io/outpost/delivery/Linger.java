package io.outpost.delivery;

import java.time.Duration;
import java.time.Instant;

import io.outpost.config.RouteBatchConfig;

/**
 * Whether a lane holds back a batch that is not full yet ({@code batch.linger}): from the moment it first finds
 * fewer batchable messages ready than {@code max-messages}, it waits at most the linger for more, then sends
 * what it has. Claims go on meanwhile, so a backlog fills its batches without waiting. Pure; on the lane's
 * context only.
 */
final class Linger {

    private final RouteBatchConfig config;
    private Instant since;

    Linger(RouteBatchConfig config) {
        this.config = config;
    }

    /** Until when to hold back {@code ready} batchable messages, or null to send them now. */
    Instant holdUntil(int ready, Instant now) {
        Duration linger = config.linger();
        if (linger.isZero() || ready >= config.maxMessages()) {
            since = null;
            return null;
        }
        if (since == null) {
            since = now;
        }
        Instant until = since.plus(linger);
        return now.isBefore(until) ? until : null;
    }

    /** A batch went out: the next one lingers from when it is first found short. */
    void sent() {
        since = null;
    }
}
