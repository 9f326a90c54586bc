package io.outpost.transfer;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An unfinished transfer in memory: its row as last decided, the bytes moved so far (ahead of the synced
 * offset in the row while a download runs), its rate, and who watches its state.
 */
final class Live {

    private volatile Transfer row;
    private final AtomicLong done;
    private final RateMeter rate;
    private final Clock clock;
    private final List<Consumer<TransferView>> watchers = new CopyOnWriteArrayList<>();
    private volatile boolean sentBefore;

    Live(Transfer row, Clock clock) {
        this.row = row;
        this.done = new AtomicLong(row.bytesDone());
        this.rate = new RateMeter(clock);
        this.clock = clock;
        rate.reset(row.bytesDone());
    }

    Transfer row() {
        return row;
    }

    /** Changes the row (atomically against other changes); watchers hear of a state change. The new row. */
    Transfer update(UnaryOperator<Transfer> change) {
        Transfer before;
        Transfer after;
        synchronized (this) {
            before = row;
            after = change.apply(before);
            row = after;
        }
        if (after.state() != before.state()) {
            TransferView view = view();
            watchers.forEach(w -> w.accept(view));
        }
        return after;
    }

    long done() {
        return done.get();
    }

    /** Bytes moved; a transfer paused by an open circuit whose request got through is running again. */
    void moved(long bytes) {
        if (bytes > 0 && !sentBefore) {
            sentBefore = true;
        }
        rate.record(done.addAndGet(bytes));
        if (row.state() == TransferState.PAUSED) {
            update(r -> r.state() == TransferState.PAUSED ? r.withState(TransferState.RUNNING, clock.instant()) : r);
        }
    }

    /** Counting starts again at {@code bytes}: a new attempt, from the offset it resumes at. */
    void restartAt(long bytes) {
        done.set(bytes);
        rate.reset(bytes);
    }

    /**
     * Whether bytes of this transfer may already have reached its upstream: some moved in this run, or
     * {@link #markSentBefore()} said an earlier run of the agent had started it.
     */
    boolean sentBefore() {
        return sentBefore;
    }

    void markSentBefore() {
        sentBefore = true;
    }

    TransferView view() {
        return TransferView.of(row, done.get(), rate.bytesPerSecond());
    }

    /** Tells {@code watcher} of every state change until the returned action is run. */
    Runnable watch(Consumer<TransferView> watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }
}
