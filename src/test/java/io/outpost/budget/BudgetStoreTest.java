package io.outpost.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.outpost.testing.TestDatabase;
import io.smallrye.mutiny.Uni;

/**
 * The budgets' SQL on a real PostgreSQL: concurrent charges (as from several agents sharing the store) all add up,
 * a later window starts the count again, and an agent whose clock is behind still adds to the newest window.
 */
class BudgetStoreTest {

    private static final TestDatabase db = TestDatabase.shared();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant DAY = Instant.parse("2026-12-08T00:00:00Z");

    private final BudgetStore a = new BudgetStore(db.pool());
    private final BudgetStore b = new BudgetStore(db.pool());

    @BeforeEach
    void empty() {
        db.sql("truncate outbox_route_budget");
    }

    @Test
    void concurrentChargesFromTwoAgentsAllCount() {
        List<Uni<BudgetStore.Figure>> charges = IntStream.range(0, 400)
                .mapToObj(i -> (i % 2 == 0 ? a : b).charge("metered", DAY, 1 + i % 7)).toList();
        Uni.join().all(charges).andFailFast().await().atMost(WAIT);
        long expected = IntStream.range(0, 400).map(i -> 1 + i % 7).sum();
        BudgetStore.Figure figure = a.all().await().atMost(WAIT).get("metered");
        assertThat(figure.spent()).isEqualTo(expected);
        assertThat(figure.periodStart()).isEqualTo(DAY);
    }

    @Test
    void aLaterWindowStartsAgainAndAnEarlierOneAddsToTheNewest() {
        a.charge("metered", DAY, 900).await().atMost(WAIT);
        BudgetStore.Figure next = b.charge("metered", DAY.plus(Duration.ofDays(1)), 40).await().atMost(WAIT);
        assertThat(next).isEqualTo(new BudgetStore.Figure(DAY.plus(Duration.ofDays(1)), 40));
        BudgetStore.Figure late = a.charge("metered", DAY, 5).await().atMost(WAIT);
        assertThat(late).isEqualTo(new BudgetStore.Figure(DAY.plus(Duration.ofDays(1)), 45));
        assertThat(a.all().await().atMost(WAIT)).containsOnlyKeys("metered");
    }
}
