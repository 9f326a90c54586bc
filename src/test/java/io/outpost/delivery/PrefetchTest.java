package io.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrefetchTest {

    private static final long MS = 1_000_000;

    private static Prefetch after(int rounds, long answerMs, long claimMs) {
        Prefetch p = new Prefetch();
        for (int i = 0; i < rounds; i++) {
            p.answered(answerMs * MS);
            p.claimed(claimMs * MS);
        }
        return p;
    }

    @Test
    void untilAnswersComeAnUpstreamCountsAsSlow() {
        assertThat(new Prefetch().buffer(4)).isEqualTo(1);
    }

    @Test
    void aFastUpstreamGetsTheFullBuffer() {
        assertThat(after(50, 1, 5).buffer(4)).isEqualTo(4 * Prefetch.MAX_PER_SLOT);
    }

    @Test
    void aSlowUpstreamGetsNextToNone() {
        assertThat(after(50, 2000, 2).buffer(4)).isEqualTo(1);
        assertThat(after(50, 2000, 2).buffer(0)).isZero();
    }

    @Test
    void inBetweenItCoversTwiceTheClaimAtTheAnswerRate() {
        // 4 slots answering every 20 ms: 0.2 answers per ms; a 5 ms claim spans one, twice that is 2
        assertThat(after(200, 20, 5).buffer(4)).isEqualTo(2);
    }

    @Test
    void aLaneClaimsWhatItHasRoomFor() {
        assertThat(Prefetch.wanted(4, 8, 1, 0, false)).isEqualTo(11);
        assertThat(Prefetch.wanted(4, 8, 4, 4, false)).isEqualTo(4);
        assertThat(Prefetch.wanted(4, 8, 4, 5, false)).as("more than half the buffer ready").isZero();
        assertThat(Prefetch.wanted(2, 1, 2, 1, false)).as("full").isZero();
    }

    @Test
    void aFullLaneClaimsOneMoreOnlyForAMessageThatOutranksAReadyOne() {
        assertThat(Prefetch.wanted(2, 1, 2, 1, true)).isEqualTo(1);
        assertThat(Prefetch.wanted(2, 1, 2, 2 * Prefetch.MAX_PER_SLOT, true)).as("up to a bound").isZero();
    }

    @Test
    void itFollowsAnUpstreamThatSlowsDown() {
        Prefetch p = after(50, 1, 5);
        for (int i = 0; i < 50; i++) {
            p.answered(3000 * MS);
        }
        assertThat(p.buffer(4)).isEqualTo(1);
    }
}
