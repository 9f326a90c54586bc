package io.outpost.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.outpost.fleet.Agent;
import io.outpost.testing.TestDatabase;

/**
 * Two agents on one store: a transfer is resumed only by the agent that accepted it (its file is there); an
 * agent alone on its embedded store resumes all.
 */
class TransferOwnerTest {

    private static final TestDatabase db = TestDatabase.shared();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TransferStore store(String agent) {
        return new TransferStore(db.pool(), Agent.named(agent, Instant.now(), Duration.ofSeconds(30)));
    }

    @Test
    void onlyTheAcceptingAgentPicksAnUnfinishedTransferUp() {
        db.sql("delete from transfer");
        TransferStore a = store("agent-a");
        TransferStore b = store("agent-b");
        UUID id = UUID.randomUUID();
        a.insert(new Transfer(id, "files", "/big.bin", Transfer.Direction.UPLOAD, TransferState.QUEUED, null, null, 0,
                10L, null, 0, null, null, Instant.now(), null)).await().atMost(WAIT);

        assertThat(b.unfinished().await().atMost(WAIT)).isEmpty();
        assertThat(b.find(id).await().atMost(WAIT)).as("any agent reads it").isPresent();
        assertThat(a.unfinished().await().atMost(WAIT)).extracting(Transfer::id).containsExactly(id);
    }

    @Test
    void anAgentAloneOnItsStoreTakesUpWhatAnEarlierIdAccepted() {
        db.sql("delete from transfer");
        UUID id = UUID.randomUUID();
        store("old-pod-name").insert(new Transfer(id, "files", "/big.bin", Transfer.Direction.UPLOAD,
                TransferState.QUEUED, null, null, 0, 10L, null, 0, null, null, Instant.now(), null)).await().atMost(WAIT);

        // A recreated container has a new host name, so a new id, on the same data dir and embedded store.
        TransferStore recreated = new TransferStore(db.pool(), Agent.alone("new-pod-name", Instant.now(),
                Duration.ofSeconds(30)));
        assertThat(recreated.unfinished().await().atMost(WAIT)).extracting(Transfer::id).containsExactly(id);
    }
}
