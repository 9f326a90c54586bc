package io.outpost.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * A message's state as the change feed reports it: {@code seq} is its change number (the feed's position
 * after it), {@code at} when it changed.
 */
public record MessageChange(long seq, UUID id, String route, String status, int attempts, Integer lastStatus,
        String lastError, Instant at) {
}
