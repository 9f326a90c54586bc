package io.outpost.config;

import java.time.Duration;

/** A client-side rate: {@code permits} requests per {@code period}. */
public record RateLimit(int permits, Duration period) {

    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive");
        }
    }

    @Override
    public String toString() {
        return permits + "/" + period;
    }
}
