package io.outpost.stream;

import java.time.Clock;
import java.util.List;

import org.jboss.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Sends a stream's queued frames upstream over its live connection, strictly in the order they were
 * accepted: one batch at a time, each frame written after the previous one, and a batch marked sent in the
 * store only once all of it was written. A connection that breaks mid-batch leaves the batch queued for the
 * next connection, so a frame may be sent twice (at-least-once), never out of order. Runs on the stream's
 * context.
 */
final class Sender {

    private static final Logger LOG = Logger.getLogger(Sender.class);
    private static final int BATCH = 100;

    private final String stream;
    private final StreamStore store;
    private final Context context;
    private final Clock clock;
    private Connection connection;
    private boolean busy;
    private boolean dirty = true;

    Sender(String stream, StreamStore store, Context context, Clock clock) {
        this.stream = stream;
        this.store = store;
        this.context = context;
        this.clock = clock;
    }

    /** A new frame was committed to the queue. */
    void wake() {
        dirty = true;
        drain();
    }

    void attach(Connection live) {
        connection = live.sends() ? live : null;
        dirty = true;
        drain();
    }

    void detach() {
        connection = null;
    }

    private void drain() {
        Connection target = connection;
        if (busy || target == null || !dirty) {
            return;
        }
        busy = true;
        dirty = false;
        store.outgoing(stream, BATCH).subscribe().with(
                frames -> context.runOnContext(v -> send(target, frames)),
                failure -> context.runOnContext(v -> retryLater(failure)));
    }

    private void send(Connection target, List<StreamStore.Outgoing> frames) {
        if (frames.isEmpty() || target != connection) {
            busy = false;
            dirty |= !frames.isEmpty();
            drain();
            return;
        }
        Future<Void> chain = Future.succeededFuture();
        for (StreamStore.Outgoing frame : frames) {
            chain = chain.compose(v -> target == connection ? target.send(frame.payload(), frame.binary())
                    : Future.failedFuture("connection replaced"));
        }
        long last = frames.get(frames.size() - 1).seq();
        chain.onComplete(written -> {
            if (written.failed()) {
                busy = false; // the connection is going; the next one starts from this batch again
                dirty = true;
                return;
            }
            store.sent(stream, last, clock.instant()).subscribe().with(n -> context.runOnContext(v -> {
                busy = false;
                dirty = true; // there may be more than one batch
                drain();
            }), failure -> context.runOnContext(v -> retryLater(failure)));
        });
    }

    private void retryLater(Throwable failure) {
        LOG.warnf("Stream %s: outgoing frames wait for the store: %s", stream, failure.toString());
        context.owner().setTimer(1000, id -> {
            busy = false;
            dirty = true;
            drain();
        });
    }
}
