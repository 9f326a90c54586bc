package io.outpost.transfer;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An unfinished transfer in memory: its row as last decided, with who watches its state, and its
 * {@link Progress} (the bytes moved in this run).
 */
final class ActiveTransfer {

    private volatile Transfer row;
    private final Progress progress;
    private final Clock clock;
    private final List<Consumer<TransferView>> watchers = new CopyOnWriteArrayList<>();

    ActiveTransfer(Transfer row, Clock clock) {
        this.row = row;
        this.progress = new Progress(row.bytesDone(), clock);
        this.clock = clock;
    }

    Transfer row() {
        return row;
    }

    Progress progress() {
        return progress;
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

    /** Bytes moved; a transfer paused by an open circuit whose request got through is running again. */
    void moved(long bytes) {
        progress.moved(bytes);
        if (row.state() == TransferState.PAUSED) {
            update(r -> r.state() == TransferState.PAUSED ? r.withState(TransferState.RUNNING, clock.instant()) : r);
        }
    }

    TransferView view() {
        return TransferView.of(row, progress.done(), progress.bytesPerSecond());
    }

    /** Tells {@code watcher} of every state change until the returned action is run. */
    Runnable watch(Consumer<TransferView> watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }
}
