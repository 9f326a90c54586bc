package io.outpost.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.outpost.config.OutboxConfig.FullPolicy;
import io.outpost.outbox.CapacityPlan.Candidate;
import io.outpost.outbox.CapacityPlan.Decision;
import io.outpost.outbox.CapacityPlan.Limits;
import io.outpost.outbox.CapacityPlan.Usage;
import io.outpost.outbox.CapacityPlan.Victim;

class CapacityPlanTest {

    private static List<Candidate> candidates(int... priorities) {
        return IntStream.range(0, priorities.length).mapToObj(i -> new Candidate(i, 10, priorities[i])).toList();
    }

    private static Victim victim(int priority) {
        return new Victim(UUID.randomUUID(), 10, priority);
    }

    @Test
    void admitsEverythingThatFits() {
        Decision d = CapacityPlan.decide(new Usage(0, 0), new Limits(3, 1000, FullPolicy.REJECT), candidates(5, 5, 5),
                List.of());
        assertThat(d.admitted().cardinality()).isEqualTo(3);
        assertThat(d.after()).isEqualTo(new Usage(3, 30));
    }

    @Test
    void rejectPolicyAdmitsUpToTheLimitMostUrgentFirst() {
        Decision d = CapacityPlan.decide(new Usage(8, 80), new Limits(10, 1000, FullPolicy.REJECT),
                candidates(5, 1, 5, 0), List.of(victim(9)));
        assertThat(d.admitted().stream().toArray()).containsExactly(1, 3);
        assertThat(d.evicted()).isEmpty();
        assertThat(d.after()).isEqualTo(new Usage(10, 100));
    }

    @Test
    void byteLimitCountsToo() {
        Decision d = CapacityPlan.decide(new Usage(0, 85), new Limits(100, 100, FullPolicy.REJECT),
                candidates(5, 5), List.of());
        assertThat(d.admitted().cardinality()).isEqualTo(1);
    }

    @Test
    void messageLargerThanTheWholeOutboxIsNeverAdmitted() {
        Decision d = CapacityPlan.decide(new Usage(0, 0), new Limits(100, 5, FullPolicy.DROP_OLDEST),
                candidates(5), List.of(victim(5)));
        assertThat(d.admitted().isEmpty()).isTrue();
        assertThat(d.evicted()).isEmpty();
    }

    @Test
    void dropOldestEvictsJustEnoughInGivenOrder() {
        List<Victim> victims = List.of(victim(0), victim(9), victim(3));
        Decision d = CapacityPlan.decide(new Usage(10, 100), new Limits(10, 1000, FullPolicy.DROP_OLDEST),
                candidates(5, 5), victims);
        assertThat(d.admitted().cardinality()).isEqualTo(2);
        assertThat(d.evicted()).containsExactly(victims.get(0), victims.get(1));
        assertThat(d.after()).isEqualTo(new Usage(10, 100));
    }

    @Test
    void dropOldestRejectsWhatNoVictimCanMakeRoomFor() {
        Decision d = CapacityPlan.decide(new Usage(10, 100), new Limits(10, 1000, FullPolicy.DROP_OLDEST),
                candidates(5, 5), List.of(victim(1)));
        assertThat(d.admitted().cardinality()).isEqualTo(1);
        assertThat(d.evicted()).hasSize(1);
    }

    @Test
    void dropLowestPriorityNeverEvictsAMoreUrgentMessage() {
        List<Victim> victims = List.of(victim(9), victim(4), victim(2));
        Decision d = CapacityPlan.decide(new Usage(10, 100), new Limits(10, 1000, FullPolicy.DROP_LOWEST_PRIORITY),
                candidates(5, 3, 4), victims);
        // most urgent first: 3 evicts the 9, 4 evicts the 4, 5 may not evict the 2
        assertThat(d.admitted().stream().toArray()).containsExactly(1, 2);
        assertThat(d.evicted()).containsExactly(victims.get(0), victims.get(1));
    }

    @Test
    void overflowIsZeroWhenTheGroupFits() {
        assertThat(CapacityPlan.overflow(new Usage(1, 10), new Limits(5, 100, FullPolicy.REJECT), candidates(5)))
                .isEqualTo(new Usage(0, 0));
        assertThat(CapacityPlan.overflow(new Usage(5, 95), new Limits(5, 100, FullPolicy.REJECT), candidates(5, 5)))
                .isEqualTo(new Usage(2, 15));
    }
}
