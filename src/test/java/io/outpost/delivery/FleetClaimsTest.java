package io.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.outpost.fleet.Agent;
import io.outpost.outbox.MessageStatus;
import io.outpost.testing.TestDatabase;

/**
 * Two agents on one store, through the relay's own SQL: a claim belongs to one agent under a lease, a result
 * counts only from the claim's current holder, an expired lease frees the message for anyone, and each agent
 * takes back only its own claims.
 */
class FleetClaimsTest {

    private static final TestDatabase db = TestDatabase.shared();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.now();

    private final DeliveryStore a = store("agent-a");
    private final DeliveryStore b = store("agent-b");

    private static DeliveryStore store(String id) {
        return new DeliveryStore(db.pool(), Agent.named(id, NOW, Duration.ofSeconds(30)));
    }

    @BeforeEach
    void empty() {
        db.reset();
    }

    private static UUID message(String key) {
        UUID id = UUID.randomUUID();
        OffsetDateTime t = OffsetDateTime.ofInstant(NOW.minusSeconds(1), ZoneOffset.UTC);
        db.sql("insert into outbox_message (id, route, method, body, size, priority, status, ordering_key, "
                + "accepted_at, next_attempt_at, updated_at) values ($1, 'r', 'POST', 'x', 1, 5, 'queued', $2, $3, $3, $3)",
                id, key, t);
        db.sql("update outbox_usage set messages = messages + 1, bytes = bytes + 1");
        return id;
    }

    private static String status(UUID id) {
        return db.sql("select status from outbox_message where id = $1", id).iterator().next().getString(0);
    }

    private static void expireLeases() {
        db.sql("update outbox_message set claim_until = statement_timestamp() - interval '1 second' "
                + "where status = 'delivering'");
    }

    private static AttemptResult delivered(UUID id) {
        return new AttemptResult(id, "r", MessageStatus.DELIVERED, true, null, 204, null);
    }

    private List<Claimed> claim(DeliveryStore store) {
        return store.claim("r", NOW, 10).await().atMost(WAIT);
    }

    @Test
    void aClaimHasOneOwnerAndItsKeyStaysOneInFlight() {
        message(null);
        message("k");
        message("k");
        List<Claimed> first = claim(a);
        assertThat(first).hasSize(2);
        assertThat(claim(b)).as("the unkeyed one is a's, and so is the key's head").isEmpty();
        assertThat(db.sql("select count(*) from outbox_message where claimed_by = 'agent-a' and status = 'delivering' "
                + "and claim_until > statement_timestamp()").iterator().next().getLong(0)).isEqualTo(2);
    }

    @Test
    void anExpiredLeaseFreesTheMessageAndFencesTheLateResult() {
        UUID id = message(null);
        Claimed stale = claim(a).get(0);
        expireLeases();
        assertThat(b.reclaimExpired(NOW).await().atMost(WAIT)).containsExactly("r");
        Claimed fresh = claim(b).get(0);
        assertThat(fresh.epoch()).isGreaterThan(stale.epoch());

        long late = a.record(List.of(delivered(id)), List.of(stale.epoch()), NOW).await().atMost(WAIT);
        assertThat(late).as("a woke up after its lease ran out").isZero();
        assertThat(status(id)).isEqualTo("delivering");
        assertThat(a.release(List.of(stale)).await().atMost(WAIT)).as("nor can it hand b's claim back").isZero();

        assertThat(b.record(List.of(delivered(id)), List.of(fresh.epoch()), NOW).await().atMost(WAIT)).isEqualTo(1);
        assertThat(status(id)).isEqualTo("delivered");
    }

    @Test
    void aLiveLeaseIsNotReclaimedAndRenewalKeepsItLive() {
        message(null);
        claim(a);
        db.sql("update outbox_message set claim_until = statement_timestamp() + interval '1 second'");
        assertThat(a.renew().await().atMost(WAIT)).isEqualTo(1);
        assertThat(b.reclaimExpired(NOW).await().atMost(WAIT)).isEmpty();
        assertThat(db.sql("select claim_until > statement_timestamp() + interval '20 seconds' from outbox_message")
                .iterator().next().getBoolean(0)).isTrue();
    }

    @Test
    void anAgentTakesBackOnlyItsOwnClaims() {
        UUID mine = message(null);
        claim(a);
        UUID theirs = message(null);
        claim(b);
        assertThat(a.releaseOwn(NOW).await().atMost(WAIT)).isEqualTo(1);
        assertThat(status(mine)).isEqualTo("queued");
        assertThat(status(theirs)).isEqualTo("delivering");
    }
}
