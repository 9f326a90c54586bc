package io.outpost.upstream;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"), kept within
 * the route's bounds as the contract words it, "between initial-delay and max-delay": the wait after the
 * n-th failure is uniform in [initial, min(max, initial * 2^n)]. The jitter spreads a fleet's retries
 * instead of letting them arrive in waves; the floor keeps even an unlucky draw from retrying at once.
 * A Retry-After from the upstream is a floor too.
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

    /** The shortest wait: the initial delay (or the max delay, when that is shorter). */
    Duration floor() {
        return initial.compareTo(max) <= 0 ? initial : max;
    }

    /** Upper bound of the wait after {@code attempts} failed attempts (1 for the first failure). */
    Duration ceiling(int attempts) {
        long cap = max.toMillis();
        long value = initial.toMillis();
        for (int i = 0; i < attempts && value > 0 && value < cap; i++) {
            value *= 2; // stops at the cap long before it could overflow
        }
        return Duration.ofMillis(Math.min(value, cap));
    }

    /** The wait before the next attempt after {@code attempts} failures, honouring a Retry-After. */
    public Duration next(int attempts, Optional<Duration> retryAfter) {
        long low = floor().toMillis();
        long spread = ceiling(attempts).toMillis() - low;
        Duration jittered = Duration.ofMillis(low + (spread <= 0 ? 0 : random.nextLong(spread + 1)));
        return retryAfter.filter(r -> r.compareTo(jittered) > 0).orElse(jittered);
    }
}
