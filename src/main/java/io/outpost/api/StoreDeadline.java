package io.outpost.api;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.outpost.config.OutpostConfig;
import io.smallrye.mutiny.Uni;

/**
 * Bounds how long an API call waits for the store, as accepts are bounded by {@code outbox.commit-timeout}:
 * a store that hangs (a stalled disk, a stopped server) gets the caller a prompt 503 with
 * {@code Retry-After}, never a request that hangs with it.
 */
@ApplicationScoped
public class StoreDeadline {

    private final Duration timeout;

    StoreDeadline(OutpostConfig config) {
        this.timeout = config.outbox().commitTimeout();
    }

    <T> Uni<T> bound(Uni<T> call) {
        return call.ifNoItem().after(timeout).failWith(() -> Problems.storeTimeout(timeout.toMillis()));
    }
}
