package io.outpost.upstream;

import java.time.Duration;

import io.outpost.config.RateLimit;

/**
 * Client-side rate limit that delays instead of failing: the generic cell rate algorithm (GCRA, a token
 * bucket kept as one timestamp). Each request reserves the next free slot and learns how long to wait
 * for it; bursts up to {@code permits} pass at once. Pure and thread-safe; time is passed in as nanos.
 * (SmallRye Fault Tolerance's rate limit rejects excess calls, which is not what a throttle may do.)
 *
 * <p>In a fleet, each of the {@code agents} live agents takes its share of the rate: slots {@code agents}
 * times as far apart and a burst of {@code permits / agents}, so the fleet together keeps the route's rate.
 */
public final class Throttle {

    private final long period;
    private final int permits;
    /** Starts below any clock reading: System.nanoTime() may be negative. */
    private long theoreticalArrival = Long.MIN_VALUE;

    public Throttle(RateLimit rate) {
        this.period = rate.period().toNanos();
        this.permits = rate.permits();
    }

    /** Reserves a slot for an agent alone; the wait before using it (zero when a slot is free now). */
    public Duration reserve(long nowNanos) {
        return reserve(nowNanos, 1);
    }

    /** Reserves a slot of this agent's share when {@code agents} agents are alive; the wait before using it. */
    public synchronized Duration reserve(long nowNanos, int agents) {
        int n = Math.max(1, agents);
        long spacing = Math.max(1, period * n / permits);
        long burst = spacing * (Math.max(1, permits / n) - 1);
        long tat = Math.max(theoreticalArrival, nowNanos);
        long wait = Math.max(0, tat - burst - nowNanos);
        theoreticalArrival = tat + spacing;
        return Duration.ofNanos(wait);
    }
}
