package io.outpost.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestDatabase;

class PurgeTest {

    private static final TestDatabase db = TestDatabase.shared();

    private static void row(String status, Instant updated, int size) {
        OffsetDateTime t = OffsetDateTime.ofInstant(updated, ZoneOffset.UTC);
        db.sql("insert into outbox_message (id, route, method, size, priority, status, accepted_at, next_attempt_at, "
                + "updated_at) values ($1, 'r', 'POST', $2, 5, $3, $4, $4, $4)", UUID.randomUUID(), size, status, t);
    }

    @Test
    void removesOnlyWhatIsPastItsRetentionAndGivesBackTheRoomOfHeldOnes() {
        db.reset();
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        Instant old = now.minus(Duration.ofDays(40));
        Instant recent = now.minus(Duration.ofDays(2));
        for (int i = 0; i < 1500; i++) {
            row("delivered", old, 0); // more than one chunk
        }
        row("delivered", recent, 0);
        row("cancelled", old, 0);
        row("dead", old, 10);
        row("expired", old, 20);
        row("dead", recent, 30);
        row("queued", old, 40);
        db.sql("update outbox_usage set messages = 4, bytes = 100");

        long removed = new Purge(db.pool(), Duration.ofDays(7), Duration.ofDays(30)).run(now).await()
                .atMost(Duration.ofSeconds(30));

        assertThat(removed).isEqualTo(1503);
        assertThat(db.sql("select status from outbox_message order by status").iterator()).toIterable()
                .extracting(r -> r.getString(0)).containsExactly("dead", "delivered", "queued");
        var usage = db.sql("select messages, bytes from outbox_usage").iterator().next();
        assertThat(usage.getLong(0)).isEqualTo(2);
        assertThat(usage.getLong(1)).isEqualTo(70);
    }
}
