package io.outpost.outbox;

import java.time.Duration;
import java.util.Optional;

/**
 * A message as a local application hands it over, already validated by the API.
 *
 * @param subpath appended to the route URL at delivery; empty or starting with {@code /}
 * @param ttl how long delivery may be attempted; empty means no expiry
 */
public record NewMessage(
        String route,
        String subpath,
        String method,
        String contentType,
        byte[] body,
        int priority,
        String orderingKey,
        String idempotencyKey,
        Optional<Duration> ttl) {

    public static final int DEFAULT_PRIORITY = 5;
}
