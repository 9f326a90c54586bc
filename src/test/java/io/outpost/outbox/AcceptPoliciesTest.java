package io.outpost.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.outpost.config.OutboxConfig.FullPolicy;
import io.outpost.outbox.AcceptOutcome.Accepted;
import io.outpost.outbox.AcceptOutcome.Duplicate;
import io.outpost.outbox.AcceptOutcome.Full;
import io.outpost.outbox.CapacityPlan.Limits;
import io.outpost.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Row;

/** The accept SQL against a real PostgreSQL: limits, full-policies, idempotency and the usage row. */
class AcceptPoliciesTest {

    private static final TestDatabase db = TestDatabase.shared();

    @BeforeEach
    void empty() {
        db.reset();
    }

    private static NewMessage message(int priority, String body, String key) {
        return new NewMessage("r", "", "POST", "text/plain", body.getBytes(), priority, null, key, Optional.empty());
    }

    /** Runs one group the way the committer does: optimistic first, planned when over a limit. */
    private static List<AcceptOutcome> accept(Limits limits, List<UUID> evicted, NewMessage... group) {
        AcceptTransaction tx = new AcceptTransaction(limits);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return tx.optimistic(db.pool(), List.of(group), now)
                .onFailure(MessageInsert.OverLimit.class)
                .recoverWithUni(() -> db.pool().withTransaction(c -> tx.planned(c, List.of(group), now, evicted)))
                .await().atMost(Duration.ofSeconds(10));
    }

    private static List<AcceptOutcome> accept(Limits limits, NewMessage... group) {
        return accept(limits, new ArrayList<>(), group);
    }

    private static long[] usage() {
        Row r = db.sql("select messages, bytes from outbox_usage").iterator().next();
        return new long[] { r.getLong(0), r.getLong(1) };
    }

    private static String status(AcceptOutcome outcome) {
        UUID id = ((Accepted) outcome).message().id();
        return db.sql("select status from outbox_message where id = $1", id).iterator().next().getString(0);
    }

    private static final Limits ROOMY = new Limits(1000, 1_000_000, FullPolicy.REJECT);

    @Test
    void storesAGroupAndCountsIt() {
        List<AcceptOutcome> out = accept(ROOMY, message(5, "aa", null), message(5, "bbb", null));
        assertThat(out).allMatch(o -> o instanceof Accepted);
        assertThat(usage()).containsExactly(2, 5);
        assertThat(((Accepted) out.get(0)).message().cursor()).isLessThan(((Accepted) out.get(1)).message().cursor());
    }

    @Test
    void repeatedKeyInsideAGroupAndAcrossGroupsStoresOnce() {
        List<AcceptOutcome> first = accept(ROOMY, message(5, "a", "k1"), message(5, "b", "k1"), message(5, "c", null));
        assertThat(first.get(0)).isInstanceOf(Accepted.class);
        assertThat(first.get(1)).isInstanceOf(Duplicate.class);
        UUID id = ((Accepted) first.get(0)).message().id();
        assertThat(((Duplicate) first.get(1)).message().id()).isEqualTo(id);
        List<AcceptOutcome> again = accept(ROOMY, message(5, "d", "k1"));
        assertThat(((Duplicate) again.get(0)).message().id()).isEqualTo(id);
        assertThat(usage()).containsExactly(2, 2);
    }

    @Test
    void rejectPolicyRefusesWhatDoesNotFitAndKeepsTheRest() {
        Limits three = new Limits(3, 1_000_000, FullPolicy.REJECT);
        accept(three, message(5, "1", null), message(5, "2", null));
        List<AcceptOutcome> out = accept(three, message(5, "3", null), message(5, "4", null));
        assertThat(out.get(0)).isInstanceOf(Accepted.class);
        assertThat(out.get(1)).isInstanceOf(Full.class);
        assertThat(usage()).containsExactly(3, 3);
        assertThat(db.sql("select count(*) from outbox_message").iterator().next().getLong(0)).isEqualTo(3);
    }

    @Test
    void byteLimitHolds() {
        Limits tenBytes = new Limits(100, 10, FullPolicy.REJECT);
        assertThat(accept(tenBytes, message(5, "123456", null)).get(0)).isInstanceOf(Accepted.class);
        assertThat(accept(tenBytes, message(5, "123456", null)).get(0)).isInstanceOf(Full.class);
        assertThat(usage()).containsExactly(1, 6);
    }

    @Test
    void dropOldestEvictsTheOldestHeldMessages() {
        Limits three = new Limits(3, 1_000_000, FullPolicy.DROP_OLDEST);
        List<AcceptOutcome> old = accept(three, message(0, "1", null), message(0, "2", null), message(0, "3", null));
        List<UUID> evicted = new ArrayList<>();
        List<AcceptOutcome> out = accept(three, evicted, message(9, "4", null), message(9, "5", null));
        assertThat(out).allMatch(o -> o instanceof Accepted);
        assertThat(evicted).containsExactly(((Accepted) old.get(0)).message().id(), ((Accepted) old.get(1)).message().id());
        assertThat(status(old.get(0))).isEqualTo("cancelled");
        assertThat(status(old.get(2))).isEqualTo("queued");
        Row gone = db.sql("select body, last_error from outbox_message where id = $1", evicted.get(0)).iterator().next();
        assertThat(gone.getBuffer(0)).isNull();
        assertThat(gone.getString(1)).contains("evicted");
        assertThat(usage()).containsExactly(3, 3);
    }

    @Test
    void dropLowestPriorityEvictsTheLeastUrgentButNeverAMoreUrgentOne() {
        Limits three = new Limits(3, 1_000_000, FullPolicy.DROP_LOWEST_PRIORITY);
        List<AcceptOutcome> held = accept(three, message(1, "a", null), message(9, "b", null), message(4, "c", null));
        List<UUID> evicted = new ArrayList<>();
        assertThat(accept(three, evicted, message(5, "d", null)).get(0)).isInstanceOf(Accepted.class);
        assertThat(evicted).containsExactly(((Accepted) held.get(1)).message().id());
        // now held: 1, 4, 5; a priority-6 message may evict nothing
        assertThat(accept(three, message(6, "e", null)).get(0)).isInstanceOf(Full.class);
        assertThat(accept(three, message(0, "f", null)).get(0)).isInstanceOf(Accepted.class);
        assertThat(usage()).containsExactly(3, 3);
    }

    @Test
    void deliveringMessagesAreNeverEvicted() {
        Limits one = new Limits(1, 1_000_000, FullPolicy.DROP_OLDEST);
        List<AcceptOutcome> held = accept(one, message(5, "a", null));
        db.sql("update outbox_message set status = 'delivering' where id = $1", ((Accepted) held.get(0)).message().id());
        assertThat(accept(one, message(5, "b", null)).get(0)).isInstanceOf(Full.class);
    }

    @Test
    void ttlBecomesAnExpiryTime() {
        NewMessage m = new NewMessage("r", "/x", "PUT", null, new byte[0], 5, "key-a", null,
                Optional.of(Duration.ofMinutes(10)));
        Accepted a = (Accepted) accept(ROOMY, m).get(0);
        assertThat(a.message().expiresAt()).isEqualTo(a.message().acceptedAt().plus(Duration.ofMinutes(10)));
        Row row = db.sql("select subpath, method, ordering_key, expires_at from outbox_message where id = $1",
                a.message().id()).iterator().next();
        assertThat(row.getString(0)).isEqualTo("/x");
        assertThat(row.getString(1)).isEqualTo("PUT");
        assertThat(row.getString(2)).isEqualTo("key-a");
    }
}
