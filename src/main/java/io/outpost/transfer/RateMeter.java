package io.outpost.transfer;

import java.time.Clock;
import java.util.ArrayDeque;

/**
 * A transfer's recent rate: bytes over the last few seconds, measured up to now (so a stall shows as a
 * falling rate, not as the last good one), and the time left at that rate. Pure apart from the clock.
 */
final class RateMeter {

    static final long WINDOW_MS = 5_000;
    /** Samples closer than this are merged: progress arrives per network chunk. */
    private static final long RESOLUTION_MS = 100;
    /** Shorter than this there is no rate worth showing. */
    private static final long MIN_SPAN_MS = 250;

    private final Clock clock;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    RateMeter(Clock clock) {
        this.clock = clock;
    }

    /** {@code done} bytes in total now. */
    synchronized void record(long done) {
        long now = clock.millis();
        long[] last = samples.peekLast();
        if (last != null && now - last[0] < RESOLUTION_MS && samples.size() > 1) {
            last[1] = done;
        } else {
            samples.addLast(new long[] { now, done });
        }
        trim(now);
    }

    /** Forgets the history: a new attempt starts, or a pause ends. */
    synchronized void reset(long done) {
        samples.clear();
        samples.addLast(new long[] { clock.millis(), done });
    }

    /** Bytes per second over the window, or null when too little time has passed to tell. */
    synchronized Long bytesPerSecond() {
        long now = clock.millis();
        trim(now);
        long[] first = samples.peekFirst();
        long[] last = samples.peekLast();
        if (first == null || now - first[0] < MIN_SPAN_MS) {
            return null;
        }
        return (last[1] - first[1]) * 1000 / (now - first[0]);
    }

    /** Seconds left at {@code rate}, or null when the total or a (non-zero) rate is unknown. */
    static Long etaSeconds(long done, Long total, Long rate) {
        if (total == null || rate == null || rate <= 0) {
            return null;
        }
        long left = Math.max(0, total - done);
        return (left + rate - 1) / rate;
    }

    /** Keeps one sample at or before the window's start as its base. */
    private void trim(long now) {
        while (samples.size() > 1) {
            long[] first = samples.pollFirst();
            if (now - samples.peekFirst()[0] < WINDOW_MS) {
                samples.addFirst(first);
                return;
            }
        }
    }
}
