package io.outpost.delivery;

import static io.smallrye.faulttolerance.api.CircuitBreakerState.CLOSED;
import static io.smallrye.faulttolerance.api.CircuitBreakerState.HALF_OPEN;
import static io.smallrye.faulttolerance.api.CircuitBreakerState.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class CircuitHoldTest {

    private static final Instant T0 = Instant.parse("2026-11-27T01:00:00Z");
    private final CircuitHold hold = new CircuitHold(Duration.ofSeconds(5));

    @Test
    void anOpenCircuitHoldsEverythingUntilItsDelayHasPassedThenAllowsOneProbe() {
        hold.changed(OPEN, T0);
        assertThat(hold.holdsUntil(OPEN, T0)).isEqualTo(T0.plusSeconds(5));
        assertThat(hold.holdsUntil(OPEN, T0.plusMillis(4999))).isEqualTo(T0.plusSeconds(5));
        assertThat(hold.holdsUntil(OPEN, T0.plusSeconds(5))).isNull();
        assertThat(CircuitHold.slots(OPEN, 8)).isEqualTo(1);
    }

    @Test
    void halfOpenAllowsOneProbeAtATimeAndClosedAllowsEverySlot() {
        hold.changed(HALF_OPEN, T0);
        assertThat(hold.holdsUntil(HALF_OPEN, T0)).isNull();
        assertThat(CircuitHold.slots(HALF_OPEN, 8)).isEqualTo(1);
        hold.changed(CLOSED, T0);
        assertThat(hold.holdsUntil(CLOSED, T0)).isNull();
        assertThat(CircuitHold.slots(CLOSED, 8)).isEqualTo(8);
    }

    @Test
    void anOpenCircuitWhoseOpeningWasNotSeenIsProbedAtOnce() {
        // the lane may learn the state from the breaker before the change event reaches it
        assertThat(hold.holdsUntil(OPEN, T0)).isNull();
    }
}
