package io.outpost.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a connection still shows signs of life. Pure: fed a clock. Anything received counts (a frame, a
 * pong, an SSE comment): a half-open TCP connection delivers nothing, and this is what notices it.
 */
final class Liveness {

    private final Duration timeout;
    private final Clock clock;
    private Instant lastSeen;

    Liveness(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.lastSeen = clock.instant();
    }

    /** Something arrived. */
    void seen() {
        lastSeen = clock.instant();
    }

    /** Nothing arrived for the whole timeout. */
    boolean dead() {
        return !clock.instant().isBefore(lastSeen.plus(timeout));
    }

    Instant lastSeen() {
        return lastSeen;
    }
}
