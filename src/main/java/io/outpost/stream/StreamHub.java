package io.outpost.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells local readers of one stream that events were stored. Readers read the events themselves from the
 * store; this only wakes those waiting for a sequence number beyond what they have. Thread-safe: the
 * stream's context publishes, the readers' event loops wait.
 */
public final class StreamHub {

    private long lastSeq;
    private final List<Runnable> waiters = new ArrayList<>();

    StreamHub(long lastSeq) {
        this.lastSeq = lastSeq;
    }

    void stored(long seq) {
        List<Runnable> woken;
        synchronized (this) {
            if (seq <= lastSeq) {
                return;
            }
            lastSeq = seq;
            woken = new ArrayList<>(waiters);
            waiters.clear();
        }
        woken.forEach(Runnable::run);
    }

    /** The newest stored sequence number. */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /**
     * Runs {@code wake} once an event after {@code seq} is stored: at once if one is. The returned handle
     * cancels the wait (a reader that went away).
     */
    public Runnable await(long seq, Runnable wake) {
        synchronized (this) {
            if (lastSeq <= seq) {
                waiters.add(wake);
                return () -> cancel(wake);
            }
        }
        wake.run();
        return () -> {
        };
    }

    private synchronized void cancel(Runnable wake) {
        waiters.remove(wake);
    }
}
