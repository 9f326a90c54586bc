package io.outpost.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): the wait
 * before attempt n+1 is uniform in [0, min(max, initial * 2^(n-1))]. Full jitter spreads a fleet's retries
 * evenly instead of letting them arrive in waves. A Retry-After from the upstream is a floor.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** Upper bound of the wait after {@code attempts} failed attempts (1 for the first failure). */
    Duration ceiling(int attempts) {
        long cap = max.toMillis();
        long value = initial.toMillis();
        for (int i = 1; i < attempts && value > 0 && value < cap; i++) {
            value *= 2; // stops at the cap long before it could overflow
        }
        return Duration.ofMillis(Math.min(value, cap));
    }

    /** The wait before the next attempt after {@code attempts} failures, honouring a Retry-After. */
    public Duration next(int attempts, Optional<Duration> retryAfter) {
        long bound = ceiling(attempts).toMillis();
        Duration jittered = Duration.ofMillis(bound <= 0 ? 0 : random.nextLong(bound + 1));
        return retryAfter.filter(r -> r.compareTo(jittered) > 0).orElse(jittered);
    }
}
