package io.outpost.upstream;

import java.time.Duration;

import io.outpost.config.RateLimit;

/**
 * Client-side rate limit that delays instead of failing: the generic cell rate algorithm (GCRA, a token
 * bucket kept as one timestamp). Each request reserves the next free slot and learns how long to wait
 * for it; bursts up to {@code permits} pass at once. Pure and thread-safe; time is passed in as nanos.
 * (SmallRye Fault Tolerance's rate limit rejects excess calls, which is not what a throttle may do.)
 */
public final class Throttle {

    private final long interval;
    private final long burst;
    /** Starts below any clock reading: System.nanoTime() may be negative. */
    private long theoreticalArrival = Long.MIN_VALUE;

    public Throttle(RateLimit rate) {
        this.interval = Math.max(1, rate.period().toNanos() / rate.permits());
        this.burst = interval * (rate.permits() - 1);
    }

    /** Reserves a slot; the wait before using it (zero when a slot is free now). */
    public synchronized Duration reserve(long nowNanos) {
        long tat = Math.max(theoreticalArrival, nowNanos);
        long wait = Math.max(0, tat - burst - nowNanos);
        theoreticalArrival = tat + interval;
        return Duration.ofNanos(wait);
    }
}
