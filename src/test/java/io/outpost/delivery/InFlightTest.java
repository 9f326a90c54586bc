package io.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InFlightTest {

    private final InFlight inFlight = new InFlight();

    @Test
    void anyMessageMayStartWhenNothingIsInFlight() {
        assertThat(inFlight.mayStart(0)).isTrue();
        assertThat(inFlight.mayStart(9)).isTrue();
        assertThat(inFlight.size()).isZero();
    }

    @Test
    void aLessUrgentMessageWaitsForTheMoreUrgentOnesInFlight() {
        inFlight.started(0);
        inFlight.started(0);
        assertThat(inFlight.mayStart(0)).as("the same priority keeps its concurrency").isTrue();
        assertThat(inFlight.mayStart(1)).isFalse();
        inFlight.ended(0);
        assertThat(inFlight.mayStart(5)).isFalse();
        inFlight.ended(0);
        assertThat(inFlight.mayStart(5)).isTrue();
    }

    @Test
    void aMoreUrgentMessageOvertakesWhatIsInFlight() {
        inFlight.started(9);
        inFlight.started(5);
        assertThat(inFlight.mayStart(0)).isTrue();
        assertThat(inFlight.mayStart(5)).isTrue();
        assertThat(inFlight.mayStart(9)).isFalse();
        assertThat(inFlight.size()).isEqualTo(2);
    }
}
