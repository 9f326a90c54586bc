package io.outpost.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The agent's one {@link Clock} (see {@code config.Clocks}) replaced by the system clock plus an offset that a test
 * moves, for a boot whose profile enables it ({@code getEnabledAlternatives}): time that would take real hours
 * (a budget's window rolling over) passes at once. Only that profile's boot sees it.
 */
@Alternative
@Singleton
public class ShiftedClock extends Clock {

    private static volatile Duration offset = Duration.ZERO;

    /** Moves the agent's time forward (or back) by {@code by}. */
    public static void shift(Duration by) {
        offset = offset.plus(by);
    }

    /** Moves the agent's time to {@code at}. */
    public static void moveTo(Instant at) {
        offset = Duration.between(Instant.now(), at);
    }

    public static Instant now() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now();
    }
}
