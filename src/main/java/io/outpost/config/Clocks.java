package io.outpost.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one {@link Clock} every bean is given: the pure decisions (backoff, freshness, expiry) read time only
 * through it, so a test can hand them a fake one. UTC, since timestamps are stored and shown in UTC.
 */
final class Clocks {

    @Produces
    @Singleton
    static Clock system() {
        return Clock.systemUTC();
    }
}
