package io.outpost.stream;

import java.time.Instant;

/** A received event as stored and served locally: its per-stream sequence number and the upstream's id. */
public record StoredEvent(long seq, String id, String event, String data, Instant receivedAt) {
}
