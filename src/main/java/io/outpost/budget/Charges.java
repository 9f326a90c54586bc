package io.outpost.budget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;

/**
 * One route's charges on their way to the store: one upsert at a time, and what is sent meanwhile is added up
 * and written by the next one, so a fast drain costs a statement per round trip to the store, not per request.
 * A write that fails (the store is down) is kept and tried again a second later. What a kill -9 loses is only
 * what was not written yet: the bytes of the requests of the last round trip.
 */
final class Charges {

    private static final Logger LOG = Logger.getLogger(Charges.class);
    private static final long RETRY_MS = 1000;

    private final String route;
    private final BudgetStore store;
    private final Vertx vertx;
    private final Consumer<BudgetStore.Figure> stored;
    private long pending;
    private Instant pendingStart;
    private boolean writing;
    private final List<CompletableFuture<Void>> flushed = new ArrayList<>();

    Charges(String route, BudgetStore store, Vertx vertx, Consumer<BudgetStore.Figure> stored) {
        this.route = route;
        this.store = store;
        this.vertx = vertx;
        this.stored = stored;
    }

    void add(Instant periodStart, long bytes) {
        synchronized (this) {
            pending += bytes;
            if (pendingStart == null || periodStart.isAfter(pendingStart)) {
                pendingStart = periodStart;
            }
            if (writing) {
                return;
            }
            writing = true;
        }
        writeNext();
    }

    /** Completes once every charge added so far is in the store (a clean stop waits for this). */
    synchronized CompletableFuture<Void> flush() {
        if (!writing) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        flushed.add(f);
        return f;
    }

    private void writeNext() {
        long bytes;
        Instant start;
        synchronized (this) {
            if (pending == 0) {
                writing = false;
                flushed.forEach(f -> f.complete(null));
                flushed.clear();
                return;
            }
            bytes = pending;
            start = pendingStart;
            pending = 0;
            pendingStart = null;
        }
        store.charge(route, start, bytes).subscribe().with(figure -> {
            stored.accept(figure);
            writeNext();
        }, failure -> {
            LOG.warnf("Could not record %d byte(s) sent on route %s, retrying: %s", bytes, route, failure.toString());
            synchronized (this) {
                pending += bytes;
                pendingStart = pendingStart == null || start.isAfter(pendingStart) ? start : pendingStart;
            }
            vertx.setTimer(RETRY_MS, id -> writeNext());
        });
    }
}
