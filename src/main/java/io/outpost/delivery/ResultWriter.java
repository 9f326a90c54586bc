package io.outpost.delivery;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.outpost.outbox.MessageChanges;
import io.vertx.core.Vertx;

/**
 * Writes attempt results back to the store in groups, one statement per group and one group at a time,
 * like the accept side: a fast drain finishes many messages per commit. Each result carries its claim's
 * epoch, and the store records it only while that claim holds (fencing). A group that fails to write (the
 * store is down) is kept and written again a second later; until then its messages stay delivering under
 * this agent's renewed claims, and should the agent die, they are queued again when their lease runs out.
 * A clean stop waits for every result handed in ({@link #flush()}).
 */
@ApplicationScoped
public class ResultWriter {

    private static final Logger LOG = Logger.getLogger(ResultWriter.class);
    private static final int MAX_GROUP = 1000;
    private static final long RETRY_MS = 1000;

    private final DeliveryStore store;
    private final Vertx vertx;
    private final Clock clock;
    private final MessageChanges changes;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private boolean writing;

    ResultWriter(DeliveryStore store, Vertx vertx, Clock clock, MessageChanges changes) {
        this.store = store;
        this.changes = changes;
        this.vertx = vertx;
        this.clock = clock;
    }

    private final List<CompletableFuture<Void>> flushed = new ArrayList<>();

    /** Results handed in together (a batch's members): always written in the same statement. */
    private record Pending(List<AttemptResult> results, List<Integer> epochs, CompletableFuture<Void> written) {
    }

    /**
     * Completes once the result is in the store (or refused there: its claim, of {@code epoch}, was lost to
     * an expired lease, and the message belongs to its next holder).
     */
    CompletableFuture<Void> write(AttemptResult result, int epoch) {
        return write(List.of(result), List.of(epoch));
    }

    /** As {@link #write(AttemptResult, int)} for results that go in one statement (a batch's members). */
    CompletableFuture<Void> write(List<AttemptResult> results, List<Integer> epochs) {
        Pending p = new Pending(results, epochs, new CompletableFuture<>());
        boolean start;
        synchronized (this) {
            waiting.add(p);
            start = !writing;
            writing = true;
        }
        if (start) {
            writeNext();
        }
        return p.written;
    }

    /** Completes once every result handed in so far is written (a clean stop waits for this). */
    synchronized CompletableFuture<Void> flush() {
        if (!writing) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        flushed.add(f);
        return f;
    }

    private void writeNext() {
        List<Pending> group = new ArrayList<>();
        int size = 0;
        synchronized (this) {
            while (!waiting.isEmpty() && (group.isEmpty() || size + waiting.peek().results.size() <= MAX_GROUP)) {
                size += waiting.peek().results.size();
                group.add(waiting.poll());
            }
            if (group.isEmpty()) {
                writing = false;
                flushed.forEach(f -> f.complete(null));
                flushed.clear();
                return;
            }
        }
        store.record(group.stream().flatMap(p -> p.results.stream()).toList(),
                group.stream().flatMap(p -> p.epochs.stream()).toList(), clock.instant()).subscribe().with(n -> {
            changes.changed();
            writeNext();
            group.forEach(p -> p.written.complete(null));
        }, failure -> {
            LOG.warnf("Could not record %d delivery result(s), retrying: %s", group.size(), failure.toString());
            synchronized (this) {
                for (int i = group.size() - 1; i >= 0; i--) {
                    waiting.addFirst(group.get(i));
                }
            }
            vertx.setTimer(RETRY_MS, id -> writeNext());
        });
    }
}
