package io.outpost.outbox;

import java.time.Instant;
import java.util.UUID;

/** A message's state as the API shows it (everything but the body). */
public record MessageRecord(
        UUID id,
        String route,
        MessageStatus status,
        int priority,
        String orderingKey,
        int attempts,
        Instant acceptedAt,
        Instant nextAttemptAt,
        Instant deliveredAt,
        Instant expiresAt,
        Integer lastStatus,
        String lastError,
        long cursor) {
}
