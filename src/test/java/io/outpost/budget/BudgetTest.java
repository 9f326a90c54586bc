package io.outpost.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.outpost.config.ByteBudget;
import io.outpost.testing.ManualClock;

/** The budget decision, fed a clock: fixed UTC windows, the reserve, the store's figure, the unknown start. */
class BudgetTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-08T10:15:00Z"));
    private final Budget budget = new Budget(new ByteBudget(1000, Duration.ofDays(1)), 1, clock);

    @Test
    void untilTheStoresFigureIsKnownOnlyTheReserveGoes() {
        assertThat(budget.allows(0)).isTrue();
        assertThat(budget.allows(1)).isTrue();
        assertThat(budget.allows(2)).isFalse();
        assertThat(budget.heldUntil()).as("ask again soon, not at the window's end").isNull();
        budget.nothingStored();
        assertThat(budget.allows(9)).isTrue();
    }

    @Test
    void onceSpentOnlyTheReserveGoesUntilTheUtcDayEnds() {
        budget.nothingStored();
        budget.charge(999);
        assertThat(budget.allows(5)).isTrue();
        budget.charge(1);
        assertThat(budget.allows(5)).isFalse();
        assertThat(budget.allows(2)).isFalse();
        assertThat(budget.allows(1)).isTrue();
        assertThat(budget.allows(0)).isTrue();
        assertThat(budget.heldUntil()).isEqualTo(Instant.parse("2026-12-09T00:00:00Z"));
        assertThat(budget.view().resetsAt()).isEqualTo(Instant.parse("2026-12-09T00:00:00Z"));
        assertThat(budget.view().periodStart()).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));

        clock.advance(Duration.ofHours(13).plusMinutes(44).plusSeconds(59));
        assertThat(budget.allows(5)).as("23:59:59 UTC").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.allows(5)).as("midnight UTC: a new window").isTrue();
        assertThat(budget.view().spent()).isZero();
        assertThat(budget.view().resetsAt()).isEqualTo(Instant.parse("2026-12-10T00:00:00Z"));
    }

    @Test
    void theStoresFigureCountsWhatOtherAgentsSpentAndNeverLowersOurOwn() {
        Instant today = Instant.parse("2026-12-08T00:00:00Z");
        budget.stored(today, 400);
        assertThat(budget.view().spent()).isEqualTo(400);
        budget.charge(300);
        budget.stored(today, 500); // written before our last charge landed
        assertThat(budget.view().spent()).isEqualTo(700);
        budget.stored(today, 1200); // another agent spent the rest
        assertThat(budget.allows(5)).isFalse();
    }

    @Test
    void aFigureOfAnEarlierWindowMeansNothingIsSpentInThisOne() {
        budget.stored(Instant.parse("2026-12-07T00:00:00Z"), 5000);
        assertThat(budget.allows(5)).isTrue();
        assertThat(budget.view().spent()).isZero();
    }

    @Test
    void windowsOfShorterPeriodsStartOnTheirMultiplesFromTheEpoch() {
        assertThat(Budget.windowStart(Instant.parse("2026-12-08T10:15:07Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-12-08T10:00:00Z"));
        assertThat(Budget.windowStart(Instant.parse("2026-12-08T10:15:07Z"), Duration.ofMinutes(15)))
                .isEqualTo(Instant.parse("2026-12-08T10:15:00Z"));
    }

    @Test
    void aRouteWithoutABudgetAllowsEverything() {
        Budget none = Budget.none();
        assertThat(none.limited()).isFalse();
        assertThat(none.allows(9)).isTrue();
        assertThat(none.view()).isNull();
    }
}
