package io.outpost.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.outpost.testing.TestDatabase;

class OutboxStatsTest {

    private static final TestDatabase db = TestDatabase.shared();
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    private static void row(String route, String status, String key, Instant accepted) {
        OffsetDateTime t = OffsetDateTime.ofInstant(accepted, ZoneOffset.UTC);
        db.sql("insert into outbox_message (id, route, method, size, priority, ordering_key, status, accepted_at, "
                + "next_attempt_at, updated_at) values ($1, $2, 'POST', 1, 5, $3, $4, $5, $5, $5)",
                UUID.randomUUID(), route, key, status, t);
    }

    @Test
    void countsWhatEachRouteHoldsAndItsOldestQueuedMessage() {
        db.reset();
        row("a", "delivered", null, T0.minusSeconds(100));
        row("a", "queued", "k", T0);
        row("a", "queued", null, T0.plusSeconds(1));
        row("a", "queued", null, T0.plusSeconds(2));
        row("a", "delivering", "k", T0.plusSeconds(3));
        row("a", "delivering", null, T0.plusSeconds(4));
        row("a", "dead", null, T0.plusSeconds(5));
        row("a", "dead", "j", T0.plusSeconds(6));
        row("a", "expired", null, T0.plusSeconds(7));
        row("a", "cancelled", null, T0.plusSeconds(8));
        row("b", "dead", null, T0.plusSeconds(9));
        row("b", "delivered", null, T0.plusSeconds(10));
        row("c", "queued", null, T0.plusSeconds(11));

        Map<String, RouteCounts> counts = new OutboxStats(db.pool()).byRoute().await().atMost(Duration.ofSeconds(10));

        assertThat(counts).containsOnlyKeys("a", "b", "c");
        assertThat(counts.get("a")).isEqualTo(new RouteCounts(3, 2, 2, T0));
        assertThat(counts.get("b")).isEqualTo(new RouteCounts(0, 0, 1, null));
        assertThat(counts.get("c")).isEqualTo(new RouteCounts(1, 0, 0, T0.plusSeconds(11)));
    }

    /** Delivered history grows to millions of rows over the retention: the counts must not read it. */
    @Test
    void everyPartOfTheCountHasAnIndexToUse() {
        db.reset();
        String plan = db.pool().withTransaction(c -> c.query("set local enable_seqscan = off").execute()
                .chain(() -> c.query("explain " + OutboxStats.COUNTS).execute()))
                .await().atMost(Duration.ofSeconds(10))
                .stream().map(r -> r.getString(0)).reduce("", (a, b) -> a + b + "\n");

        assertThat(plan).contains("outbox_message_queued", "outbox_message_keyed", "outbox_message_held")
                .doesNotContain("Seq Scan");
    }

    /** A listing of expired or cancelled messages reads them through an index, not the history in front. */
    @ParameterizedTest
    @ValueSource(strings = { "expired", "cancelled", "dead" })
    void listingARareStatusDoesNotWalkTheHistory(String status) {
        db.reset();
        db.sql("insert into outbox_message (id, route, method, size, priority, status, accepted_at, next_attempt_at, "
                + "updated_at) select gen_random_uuid(), 'a', 'POST', 1, 5, 'delivered', now(), now(), now() "
                + "from generate_series(1, 20000)");
        for (int i = 0; i < 20; i++) {
            row("a", status, null, T0.plusSeconds(i));
        }
        db.sql("analyze outbox_message");
        // What Outbox.list asks for one status: the page after a cursor, in accept order.
        String plan = db.pool().query("explain select * from outbox_message where seq > 0 and status = '" + status
                + "' order by seq limit 51").execute().await().atMost(Duration.ofSeconds(10))
                .stream().map(r -> r.getString(0)).reduce("", (a, b) -> a + b + "\n");

        assertThat(plan).contains("outbox_message_held").doesNotContain("outbox_message_pkey")
                .doesNotContain("Seq Scan");
    }
}
