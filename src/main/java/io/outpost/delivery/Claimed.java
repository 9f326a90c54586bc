package io.outpost.delivery;

import java.time.Instant;
import java.util.UUID;

import io.vertx.core.buffer.Buffer;

/**
 * A message the relay took from the queue to send (its status is now {@code delivering}), under the claim's
 * {@code epoch}: its result is recorded only while the claim is still this one.
 */
record Claimed(UUID id, long seq, String subpath, String method, String contentType, Buffer body, int priority,
        String orderingKey, String idempotencyKey, int attempts, Instant expiresAt, int epoch) {

    /** The key the upstream sees on every attempt: the client's, or the message id. */
    String deliveryKey() {
        return idempotencyKey != null ? idempotencyKey : id.toString();
    }
}
