package io.outpost.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.outpost.fleet.Agent;
import io.outpost.testing.TestDatabase;

/** Two agents on one store contend for a stream: one holds it, the other sees who; the lease moves on; fencing. */
class StreamLeasesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final TestDatabase db = TestDatabase.shared();
    private final StreamStore store = new StreamStore(db.pool());
    private final String stream = "s-" + UUID.randomUUID();
    private final StreamLeases a = new StreamLeases(db.pool(), Agent.named("a-" + stream, Instant.now(), LEASE));
    private final StreamLeases b = new StreamLeases(db.pool(), Agent.named("b-" + stream, Instant.now(), LEASE));

    @Test
    void oneAgentHoldsAStreamUntilItsLeaseRunsOutAndOnlyTheHolderStores() {
        store.open(stream).await().atMost(WAIT);
        StreamLeases.Standing first = tick(a, Map.of());
        assertThat(first.mine()).isTrue();
        assertThat(first.holder()).isEqualTo("a-" + stream);
        StreamLeases.Standing other = tick(b, Map.of());
        assertThat(other.mine()).as("held by a").isFalse();
        assertThat(other.holder()).isEqualTo("a-" + stream);

        assertThat(tick(a, Map.of(stream, "connected")).mine()).as("a renews").isTrue();
        assertThat(tick(b, Map.of()).state()).as("a's state, as b sees it").isEqualTo("connected");
        assertThat(store.append(stream, List.of(new Incoming("1", null, "x")), Instant.now(), "1", null,
                new StreamStore.Holder("a-" + stream, false, true)).await().atMost(WAIT)).isEqualTo(1);
        assertThatThrownBy(() -> store.append(stream, List.of(new Incoming("2", null, "y")), Instant.now(), "2", null,
                new StreamStore.Holder("b-" + stream, false, true)).await().atMost(WAIT))
                .isInstanceOf(StreamStore.NotHolder.class);

        db.sql("update outpost_lease set until = statement_timestamp() - interval '1 second' where name = $1",
                StreamLeases.PREFIX + stream); // a stopped renewing a lease ago
        StreamLeases.Standing taken = tick(b, Map.of());
        assertThat(taken.mine()).as("b takes the expired lease").isTrue();
        assertThat(taken.lastSeq()).isEqualTo(1);
        assertThat(tick(a, Map.of(stream, "connected")).mine()).as("a lost it").isFalse();
        assertThatThrownBy(() -> store.append(stream, List.of(new Incoming("2", null, "y")), Instant.now(), "2", null,
                new StreamStore.Holder("a-" + stream, false, true)).await().atMost(WAIT))
                .as("a paused holder that wakes up late stores nothing").isInstanceOf(StreamStore.NotHolder.class);
        assertThat(store.after(stream, 0, 10).await().atMost(WAIT)).hasSize(1);
        assertThat(store.open(stream).await().atMost(WAIT).lastEventId()).isEqualTo("1");
    }

    @Test
    void anAgentAloneOnItsStoreTakesTheLeaseWhateverIdHeldIt() {
        store.open(stream).await().atMost(WAIT);
        assertThat(tick(a, Map.of()).mine()).isTrue();
        StreamLeases alone = new StreamLeases(db.pool(), Agent.alone("c-" + stream, Instant.now(), LEASE));
        assertThat(tick(alone, Map.of()).mine()).isTrue();
    }

    private StreamLeases.Standing tick(StreamLeases leases, Map<String, String> states) {
        List<StreamLeases.Standing> standings = leases.tick(List.of(stream), states).await().atMost(WAIT);
        assertThat(standings).hasSize(1);
        return standings.get(0);
    }
}
