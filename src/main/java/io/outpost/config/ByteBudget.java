package io.outpost.config;

import java.time.Duration;

/** A metered link's allowance: at most {@code bytes} sent per {@code period} (see {@link ByteBudgetConverter}). */
public record ByteBudget(long bytes, Duration period) {

    public ByteBudget {
        if (bytes < 1) {
            throw new IllegalArgumentException("a budget must allow at least 1 byte");
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a budget's period must be positive");
        }
    }

    @Override
    public String toString() {
        return bytes + "B/" + period;
    }
}
