package io.outpost.stream;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Stores one stream's received events in arrival order, one transaction at a time: what arrives while a
 * write is in flight goes into the next one, so a burst costs a few commits, not one per event. Only after
 * the commit does the stream's resume point move and do local readers hear of the events. A failed write
 * (store down) is retried with the same events; nothing is dropped, unless another agent took the stream
 * over: then what arrived here is that agent's to receive and store, and the runner is told to stop. Runs on
 * the stream's context.
 */
final class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final long RETRY_MS = 1000;

    private final String stream;
    private final StreamStore store;
    private final Context context;
    private final Clock clock;
    private final LongConsumer stored;
    private final Supplier<StreamStore.Holder> holder;
    private final Runnable fenced;
    private final List<Incoming> pending = new ArrayList<>();
    private final List<Promise<Void>> waiting = new ArrayList<>();
    private String pendingEventId;
    private String pendingCursor;
    private boolean writing;

    /** {@code holder}: who stores, asked at each write; {@code fenced}: another agent holds the stream now. */
    Inbox(String stream, StreamStore store, Context context, Clock clock, LongConsumer stored,
            Supplier<StreamStore.Holder> holder, Runnable fenced) {
        this.stream = stream;
        this.holder = holder;
        this.fenced = fenced;
        this.store = store;
        this.context = context;
        this.clock = clock;
        this.stored = stored;
    }

    /**
     * Queues events (and the resume point they lead to) for storing; completes once they are committed.
     * An empty batch with a cursor just moves the cursor.
     */
    Future<Void> add(List<Incoming> events, String lastEventId, String cursor) {
        pending.addAll(events);
        if (lastEventId != null) {
            pendingEventId = lastEventId;
        }
        if (cursor != null) {
            pendingCursor = cursor;
        }
        Promise<Void> done = Promise.promise();
        waiting.add(done);
        write();
        return done.future();
    }

    /** Events received but not yet committed. */
    int backlog() {
        return pending.size();
    }

    /** Completes when everything received so far is committed. */
    Future<Void> flushed() {
        return writing || !waiting.isEmpty() ? add(List.of(), null, null) : Future.succeededFuture();
    }

    private void write() {
        if (writing || waiting.isEmpty()) {
            return;
        }
        writing = true;
        List<Incoming> batch = new ArrayList<>(pending);
        List<Promise<Void>> promises = new ArrayList<>(waiting);
        String eventId = pendingEventId;
        String cursor = pendingCursor;
        pending.clear();
        waiting.clear();
        pendingEventId = null;
        pendingCursor = null;
        store.append(stream, batch, clock.instant(), eventId, cursor, holder.get()).subscribe().with(
                last -> context.runOnContext(v -> {
                    writing = false;
                    stored.accept(last);
                    promises.forEach(Promise::complete);
                    write();
                }),
                failure -> context.runOnContext(v -> {
                    if (failure instanceof StreamStore.NotHolder) {
                        LOG.infof("Stream %s: another agent holds it now; %d event(s) received here are left to it",
                                stream, batch.size());
                        writing = false;
                        promises.forEach(Promise::complete);
                        fenced.run();
                        return;
                    }
                    LOG.warnf("Stream %s: could not store %d event(s), retrying: %s", stream, batch.size(),
                            failure.toString());
                    pending.addAll(0, batch);
                    waiting.addAll(0, promises);
                    pendingEventId = pendingEventId == null ? eventId : pendingEventId;
                    pendingCursor = pendingCursor == null ? cursor : pendingCursor;
                    context.owner().setTimer(RETRY_MS, id -> {
                        writing = false;
                        write();
                    });
                }));
    }
}
