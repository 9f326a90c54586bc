package io.outpost.delivery;

import java.time.Duration;
import java.time.Instant;

import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * What a route's circuit breaker lets its lane send. Closed: everything the lane's slots allow. Open: nothing
 * until the breaker's delay has passed since it opened, so that no request is spent on a breaker that would
 * refuse it; then, as while half-open, one probe at a time and nothing claimed ahead, so that a failing probe
 * leaves no claimed messages waiting. Pure, fed instants; used on the lane's context only.
 */
final class CircuitHold {

    private final Duration delay;
    private Instant openedAt;

    CircuitHold(Duration delay) {
        this.delay = delay;
    }

    void changed(CircuitBreakerState state, Instant now) {
        openedAt = state == CircuitBreakerState.OPEN ? now : null;
    }

    /** Until when nothing may be sent, or null when requests may go now. */
    Instant holdsUntil(CircuitBreakerState state, Instant now) {
        if (state != CircuitBreakerState.OPEN || openedAt == null) {
            return null;
        }
        Instant probeAt = openedAt.plus(delay);
        return now.isBefore(probeAt) ? probeAt : null;
    }

    /** Requests the lane may have in flight, of the {@code slots} it has. */
    static int slots(CircuitBreakerState state, int slots) {
        return state == CircuitBreakerState.CLOSED ? slots : 1;
    }
}
