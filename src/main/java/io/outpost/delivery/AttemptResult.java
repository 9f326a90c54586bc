package io.outpost.delivery;

import java.time.Instant;
import java.util.UUID;

import io.outpost.outbox.MessageStatus;

/**
 * How an attempt leaves its message, as it is written back to the store.
 *
 * @param status queued, delivered, dead or expired
 * @param attempted whether the attempt counts (a request that never left the agent does not)
 * @param nextAttemptAt when a queued message may be tried again
 */
record AttemptResult(UUID id, String route, MessageStatus status, boolean attempted, Instant nextAttemptAt, Integer httpStatus,
        String error) {
}
