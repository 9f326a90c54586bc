package io.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClaimGateTest {

    private final ClaimGate gate = new ClaimGate();

    @Test
    void oneClaimAtATimeAndNoneAfterAShortAnswerUntilWorkMayBeDue() {
        assertThat(gate.tryStart()).isTrue();
        assertThat(gate.tryStart()).as("one claim out at a time").isFalse();
        assertThat(gate.answered(true)).as("short answer: exhausted").isTrue();
        assertThat(gate.tryStart()).isFalse();
        gate.mayHaveWork();
        assertThat(gate.tryStart()).isTrue();
        assertThat(gate.answered(false)).as("a full answer: there may be more").isFalse();
        assertThat(gate.tryStart()).isTrue();
    }

    @Test
    void aHintWhileAClaimIsOutOutweighsItsShortAnswer() {
        assertThat(gate.tryStart()).isTrue();
        gate.mayHaveWork(); // e.g. an accept committed after the claim read the queue
        assertThat(gate.answered(true)).isFalse();
        assertThat(gate.tryStart()).as("claims again for the new work").isTrue();
        assertThat(gate.answered(true)).isTrue();
    }

    @Test
    void aFailedClaimLeavesTheGateOpen() {
        assertThat(gate.tryStart()).isTrue();
        gate.failed();
        assertThat(gate.tryStart()).isTrue();
    }
}
