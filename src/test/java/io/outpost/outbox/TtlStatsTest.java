package io.outpost.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.outpost.outbox.TtlStats.TtlCounts;
import io.outpost.testing.TestDatabase;

class TtlStatsTest {

    private static final TestDatabase db = TestDatabase.shared();
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    private static void row(String route, String status, String key, Duration ttl) {
        OffsetDateTime t = OffsetDateTime.ofInstant(T0, ZoneOffset.UTC);
        db.sql("insert into outbox_message (id, route, method, size, priority, ordering_key, status, accepted_at, "
                + "next_attempt_at, updated_at, expires_at) values ($1, $2, 'POST', 1, 5, $3, $4, $5, $5, $5, $6)",
                UUID.randomUUID(), route, key, status, t, ttl == null ? null : t.plus(ttl));
    }

    @Test
    void countsTheWaitingMessagesWithoutATtlNearItAndTheShortest() {
        db.reset();
        row("a", "queued", null, null);
        row("a", "queued", "k", Duration.ofSeconds(100)); // 10 s left at T0+90s: near
        row("a", "delivering", null, Duration.ofSeconds(1000)); // 910 s left: not near
        row("a", "delivering", "k", null);
        row("a", "dead", null, Duration.ofSeconds(5)); // not waiting: neither counted nor the shortest
        row("a", "delivered", null, Duration.ofSeconds(5));
        row("b", "queued", null, Duration.ofSeconds(50)); // past its TTL, not yet swept: near
        row("c", "expired", null, Duration.ofSeconds(50));

        Map<String, TtlCounts> ttls = new TtlStats(db.pool()).byRoute(T0.plusSeconds(90))
                .await().atMost(Duration.ofSeconds(10));

        assertThat(ttls).containsOnlyKeys("a", "b");
        assertThat(ttls.get("a")).isEqualTo(new TtlCounts(4, 2, 1, Duration.ofSeconds(100)));
        assertThat(ttls.get("b")).isEqualTo(new TtlCounts(1, 0, 1, Duration.ofSeconds(50)));
    }

    /** Delivered history grows to millions of rows over the retention: the checklist must not read it. */
    @Test
    void everyArmOfTheConditionHasAnIndexToUse() {
        db.reset();
        String plan = db.pool().withTransaction(c -> c.query("set local enable_seqscan = off").execute()
                .chain(() -> c.query("explain " + TtlStats.TTLS.replace("$1", "now()")).execute()))
                .await().atMost(Duration.ofSeconds(10))
                .stream().map(r -> r.getString(0)).reduce("", (a, b) -> a + b + "\n");

        // the claims arm may use either index on delivering rows (fleet mode's, V13, is the smaller one)
        assertThat(plan).contains("outbox_message_queued", "outbox_message_keyed")
                .containsAnyOf("outbox_message_held", "outbox_message_claims").doesNotContain("Seq Scan");
    }
}
