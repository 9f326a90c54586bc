package io.outpost.transfer;

import static io.outpost.transfer.TransferCalls.awaitState;
import static io.outpost.transfer.TransferCalls.download;
import static io.outpost.transfer.TransferCalls.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.outpost.testing.Agent;
import io.outpost.testing.TransferPeer;
import io.outpost.testing.TransferPeersResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Finished transfers go, with their files: on DELETE, or once past outpost.transfers.retention. */
@QuarkusTest
@WithTestResource(value = TransferPeersResource.class, scope = TestResourceScope.GLOBAL)
class TransferRemovalTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private final TransferPeer peer = TransferPeersResource.peers().files;

    @Inject
    Transfers transfers;

    private Path content(String id) {
        return transfers.files().content(UUID.fromString(id));
    }

    @Test
    void aFinishedDownloadIsRemovedWithItsFileOnDelete() {
        peer.serve("/files/remove-me.bin", random(64 * 1024, 31));
        String id = download("files", "/files/remove-me.bin", null);
        awaitState(id, "completed", WITHIN);
        assertThat(content(id)).exists();

        Agent.api().delete("/v1/transfers/" + id).then().statusCode(204);
        assertThat(content(id)).doesNotExist();
        Agent.api().get("/v1/transfers/" + id).then().statusCode(404).contentType("application/problem+json");
        Agent.api().delete("/v1/transfers/" + id).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void filesOfTransfersNeverStoredAreRemovedAndTheOthersStay() throws Exception {
        peer.serve("/files/kept.bin", random(16 * 1024, 35));
        String kept = download("files", "/files/kept.bin", null);
        awaitState(kept, "completed", WITHIN);
        // what a kill -9 leaves while a body is still arriving: a spool file, and no row
        Path orphan = transfers.files().spool(UUID.randomUUID());
        Files.write(orphan, new byte[4096]);
        Path foreign = transfers.files().directory().resolve("README.txt");
        Files.writeString(foreign, "not a transfer's");
        Instant later = Instant.now().plusSeconds(5);

        assertThat(transfers.removeOrphans(Instant.now().minusSeconds(60)).await().atMost(WITHIN))
                .as("files newer than the start may be bodies still arriving").isZero();
        assertThat(orphan).exists();
        assertThat(transfers.removeOrphans(later).await().atMost(WITHIN)).isPositive();
        assertThat(orphan).doesNotExist();
        assertThat(content(kept)).exists();
        assertThat(foreign).exists();
        Files.delete(foreign);
    }

    @Test
    void aTransferUnderWayIsNotRemoved() {
        peer.serve("/files/busy.bin", random(512 * 1024, 32)).slow(128 * 1024);
        String id = download("files", "/files/busy.bin", null);
        await().atMost(WITHIN).until(() -> TransferCalls.transfer(id).getLong("bytesDone") > 0);
        Agent.api().delete("/v1/transfers/" + id).then().statusCode(409).contentType("application/problem+json");
        awaitState(id, "completed", WITHIN);
        assertThat(content(id)).exists();
    }

    @Test
    void finishedTransfersPastTheirRetentionAreRemovedWithTheirFiles() throws Exception {
        peer.serve("/files/old.bin", random(32 * 1024, 33));
        String done = download("files", "/files/old.bin", null);
        awaitState(done, "completed", WITHIN);
        peer.serve("/files/still-going.bin", random(512 * 1024, 34)).slow(128 * 1024);
        String going = download("files", "/files/still-going.bin", null);
        await().atMost(WITHIN).until(() -> TransferCalls.transfer(going).getLong("bytesDone") > 0);

        assertThat(transfers.purge(Instant.now()).await().atMost(WITHIN)).as("nothing is old enough yet").isZero();
        assertThat(content(done)).exists();

        int removed = transfers.purge(Instant.now().plus(Duration.ofDays(8))).await().atMost(WITHIN);
        assertThat(removed).isPositive();
        assertThat(content(done)).doesNotExist();
        Agent.api().get("/v1/transfers/" + done).then().statusCode(404);
        Agent.api().get("/v1/transfers/" + going).then().statusCode(200);
        awaitState(going, "completed", WITHIN);
        assertThat(Files.exists(content(going))).as("the unfinished one was left alone").isTrue();
    }
}
