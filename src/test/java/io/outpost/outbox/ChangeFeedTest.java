package io.outpost.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.outpost.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/** The change feed on the real store: numbering by the V14 trigger, folding, and the hold behind open transactions. */
class ChangeFeedTest {

    private static final TestDatabase db = TestDatabase.shared();
    private static final Duration T = Duration.ofSeconds(5);

    @BeforeEach
    void reset() {
        db.reset();
    }

    private static UUID insert(String route) {
        UUID id = UUID.randomUUID();
        db.sql("insert into outbox_message (id, route, method, size, priority, status, accepted_at, next_attempt_at, "
                + "updated_at) values ($1, $2, 'POST', 0, 5, 'queued', now(), now(), now())", id, route);
        return id;
    }

    private static void set(UUID id, String status) {
        db.sql("update outbox_message set status = $2, updated_at = now() where id = $1", id, status);
    }

    private static ChangeFeed feed(String route, Long after) {
        return new ChangeFeed(db.pool(), Clock.systemUTC(), Optional.ofNullable(route), Optional.ofNullable(after));
    }

    private static List<MessageChange> read(ChangeFeed feed, int limit) {
        return feed.next(limit).await().atMost(T).changes();
    }

    @Test
    void aResumingReaderGetsEachChangedMessageOnceInItsCurrentState() {
        UUID a = insert("r");
        UUID b = insert("r");
        set(a, "delivering");
        set(a, "delivered");
        List<MessageChange> changes = read(feed(null, 0L), 100);
        assertThat(changes).extracting(MessageChange::id).containsExactly(b, a);
        assertThat(changes.get(1).status()).isEqualTo("delivered");
        assertThat(changes).extracting(MessageChange::seq).isSorted();
    }

    @Test
    void aReaderPagesThroughAndFiltersByRoute() {
        List<UUID> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(insert("r"));
            insert("other");
        }
        ChangeFeed feed = feed("r", 0L);
        List<UUID> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            read(feed, 2).forEach(c -> seen.add(c.id()));
        }
        assertThat(seen).containsExactlyElementsOf(mine);
        long end = feed.position();
        assertThat(read(feed, 2)).isEmpty();
        assertThat(feed.position()).isEqualTo(end);
    }

    @Test
    void aFreshReaderStartsAtTheNewestChange() {
        insert("r");
        ChangeFeed feed = feed(null, null);
        assertThat(read(feed, 100)).isEmpty();
        UUID later = insert("r");
        assertThat(read(feed, 100)).extracting(MessageChange::id).containsExactly(later);
    }

    @Test
    void updatesThatChangeNothingShownKeepTheNumber() {
        UUID a = insert("r");
        long before = seq(a);
        db.sql("update outbox_message set claim_until = now(), next_attempt_at = now() where id = $1", a);
        assertThat(seq(a)).isEqualTo(before);
        db.sql("update outbox_message set attempts = 1 where id = $1", a);
        assertThat(seq(a)).isGreaterThan(before);
    }

    private static long seq(UUID id) {
        return db.sql("select changed_seq from outbox_message where id = $1", id).iterator().next().getLong(0);
    }

    /**
     * The race a sequence allows: a transaction takes a number, another takes the next and commits first. A
     * reader that served the second and moved past it would never see the first.
     */
    @Test
    void aChangeCommittedLateBelowAServedOneIsNotSkipped() {
        UUID early = insert("r");
        UUID late = insert("r");
        ChangeFeed feed = feed(null, null);
        assertThat(read(feed, 100)).isEmpty();
        SqlConnection open = db.pool().getConnection().await().atMost(T);
        try {
            Transaction tx = open.begin().await().atMost(T);
            open.preparedQuery("update outbox_message set status = 'delivered' where id = $1")
                    .execute(Tuple.of(early)).await().atMost(T);
            set(late, "delivered"); // numbered after the open one, committed before it
            ChangeFeed.Batch held = feed.next(100).await().atMost(T);
            assertThat(held.changes()).as("held back while a lower number may still commit").isEmpty();
            assertThat(held.held()).isTrue();
            tx.commit().await().atMost(T);
        } finally {
            open.close().await().atMost(T); // a failed assertion leaves no lock for the next test
        }
        assertThat(seq(early)).as("the race: the later commit has the lower number").isLessThan(seq(late));
        List<MessageChange> changes = read(feed, 100);
        assertThat(changes).extracting(MessageChange::id).containsExactly(early, late);
        assertThat(changes).extracting(MessageChange::status).containsOnly("delivered");
    }

    /**
     * After a held-back read the next one reads no further than that read's newest number: what was committed
     * above it meanwhile is still served, by a later read, and nothing twice.
     */
    @Test
    void aReadAfterAHeldOneSkipsNothingAboveItsBound() {
        UUID early = insert("r");
        ChangeFeed feed = feed(null, null);
        assertThat(read(feed, 100)).isEmpty();
        List<UUID> seen = new ArrayList<>();
        SqlConnection open = db.pool().getConnection().await().atMost(T);
        UUID b;
        try {
            Transaction tx = open.begin().await().atMost(T);
            open.preparedQuery("update outbox_message set status = 'delivered' where id = $1")
                    .execute(Tuple.of(early)).await().atMost(T);
            b = insert("r");
            ChangeFeed.Batch held = feed.next(100).await().atMost(T);
            assertThat(held.held()).isTrue();
            held.changes().forEach(c -> seen.add(c.id()));
            tx.commit().await().atMost(T);
        } finally {
            open.close().await().atMost(T);
        }
        UUID after = insert("r"); // above the held read's newest number
        for (int i = 0; i < 3; i++) {
            read(feed, 100).forEach(c -> seen.add(c.id()));
        }
        assertThat(seen).containsExactly(early, b, after);
    }
}
