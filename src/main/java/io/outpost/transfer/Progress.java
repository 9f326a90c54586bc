package io.outpost.transfer;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes an unfinished transfer has moved in this run (ahead of the synced offset in its row while a
 * download runs), their rate, and whether any may already have reached the upstream.
 */
final class Progress {

    private final AtomicLong done;
    private final RateMeter rate;
    private volatile boolean sentBefore;

    Progress(long bytesDone, Clock clock) {
        this.done = new AtomicLong(bytesDone);
        this.rate = new RateMeter(clock);
        rate.reset(bytesDone);
    }

    long done() {
        return done.get();
    }

    /** Null while too little time has passed to tell. */
    Long bytesPerSecond() {
        return rate.bytesPerSecond();
    }

    void moved(long bytes) {
        if (bytes > 0 && !sentBefore) {
            sentBefore = true;
        }
        rate.record(done.addAndGet(bytes));
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
}
