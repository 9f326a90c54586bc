package io.outpost.transfer;

import static io.outpost.transfer.TransferCalls.awaitState;
import static io.outpost.transfer.TransferCalls.random;
import static io.outpost.transfer.TransferCalls.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.outpost.testing.Agent;
import io.outpost.testing.TransferPeer;
import io.outpost.testing.TransferPeersResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Uploads: spooled, committed, then sent as one PUT to a real loopback server that checks the bytes. */
@QuarkusTest
@WithTestResource(value = TransferPeersResource.class, scope = TestResourceScope.GLOBAL)
class UploadTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private final TransferPeer peer = TransferPeersResource.peers().files;

    private static Path dir() {
        return Path.of(ConfigProvider.getConfig().getValue("outpost.data-dir", String.class), "transfers");
    }

    @Test
    void aMultiMebibyteUploadArrivesByteIdentical() {
        byte[] bytes = random(5 * 1024 * 1024 + 17, 11);
        Response accepted = Agent.api().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .appendDefaultContentCharsetToContentTypeIfUndefined(false))).contentType("application/x-firmware")
                .body(bytes)
                .put("/v1/routes/files/uploads/up/firmware.bin?v=2");
        accepted.then().statusCode(202).header("Location", org.hamcrest.Matchers.endsWith("/v1/transfers/"
                + accepted.path("id")));
        String id = accepted.path("id");
        assertThat(accepted.<String>path("direction")).isEqualTo("upload");
        assertThat(accepted.<Integer>path("bytesTotal")).isEqualTo(bytes.length);

        JsonPath done = awaitState(id, "completed", WITHIN);
        assertThat(done.getLong("bytesDone")).isEqualTo(bytes.length);
        List<TransferPeer.Seen> puts = peer.requests("/up/firmware.bin?v=2");
        assertThat(puts).hasSize(1);
        assertThat(puts.get(0).bodyLength()).isEqualTo(bytes.length);
        assertThat(puts.get(0).bodySha256()).isEqualTo(sha256(bytes));
        assertThat(puts.get(0).header("Content-Type")).isEqualTo("application/x-firmware");
        assertThat(puts.get(0).header("Content-Length")).isEqualTo(Integer.toString(bytes.length));
        assertThat(puts.get(0).header("Content-Encoding")).as("the route gzips, but not a streamed body").isNull();
        assertThat(puts.get(0).header("X-Site")).isEqualTo("edge-7");
        assertThat(Files.exists(dir().resolve(id + ".upload"))).as("spool removed once sent").isFalse();
    }

    @Test
    void aFailedUploadAttemptSendsTheWholeSpooledBodyAgain() {
        byte[] bytes = random(1024 * 1024, 12);
        peer.uploadStatuses("/up/retried.bin", 503, 500);
        String id = Agent.api().body(bytes).put("/v1/routes/files/uploads/up/retried.bin").then().statusCode(202)
                .extract().path("id");

        awaitState(id, "completed", WITHIN);
        List<TransferPeer.Seen> puts = peer.requests("/up/retried.bin");
        assertThat(puts).hasSize(3).allSatisfy(p -> assertThat(p.bodySha256()).isEqualTo(sha256(bytes)));
    }

    @Test
    void aClientErrorFailsTheUploadWithTheStatus() {
        peer.uploadStatuses("/up/refused.bin", 422);
        String id = Agent.api().body(random(2000, 13)).put("/v1/routes/files/uploads/up/refused.bin").then()
                .statusCode(202).extract().path("id");

        JsonPath failed = awaitState(id, "failed", WITHIN);
        assertThat(failed.getInt("lastStatus")).isEqualTo(422);
        assertThat(failed.getString("lastError")).contains("HTTP 422").contains("refused");
        assertThat(peer.requests("/up/refused.bin")).hasSize(1);
        assertThat(Files.exists(dir().resolve(id + ".upload"))).isFalse();
    }
}
