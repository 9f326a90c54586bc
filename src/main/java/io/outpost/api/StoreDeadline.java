package io.outpost.api;

import java.net.ConnectException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.outpost.config.OutpostConfig;
import io.outpost.store.SqlState;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Bounds how long an API call waits for the store, as accepts are bounded by {@code outbox.commit-timeout}:
 * a store that hangs (a stalled disk, a stopped server) gets the caller a prompt 503 with
 * {@code Retry-After}, never a request that hangs with it; so does a store that refuses or drops the
 * connection (a server that died), which is an outage, not an internal error.
 */
@ApplicationScoped
public class StoreDeadline {

    private final Duration timeout;

    StoreDeadline(OutpostConfig config) {
        this.timeout = config.outbox().commitTimeout();
    }

    <T> Uni<T> bound(Uni<T> call) {
        return call.ifNoItem().after(timeout).failWith(() -> Problems.storeTimeout(timeout.toMillis()))
                .onFailure(StoreDeadline::unreachable).transform(e -> Problems.storeUnreachable(e.getMessage()));
    }

    /** A connection that could not be made or was lost, or a server that is shutting down or starting. */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
                return true;
            }
        }
        return SqlState.of(failure).filter(s -> s.startsWith("08") || s.startsWith("57P")).isPresent();
    }
}
