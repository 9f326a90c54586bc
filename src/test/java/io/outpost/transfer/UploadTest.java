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
import org.hamcrest.Matchers;
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

/**
 * Uploads: spooled, committed, then sent as a PUT to a real loopback server that checks the bytes; an interrupted
 * one resumes where the server can say what it holds, and is sent whole again where it cannot.
 */
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
        accepted.then().statusCode(202).header("Location", Matchers.endsWith("/v1/transfers/"
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
    void anUpstreamWithoutResumableUploadsGetsTheWholeBodyAgainAndIsAskedOnce() {
        byte[] bytes = random(1024 * 1024, 12);
        peer.uploadStatuses("/up/retried.bin", 503, 500);
        String id = Agent.api().body(bytes).put("/v1/routes/files/uploads/up/retried.bin").then().statusCode(202)
                .extract().path("id");

        awaitState(id, "completed", WITHIN);
        List<TransferPeer.Seen> puts = peer.requests("/up/retried.bin");
        // sent whole (503); asked how much it holds: 400, no partial PUTs; whole again (500), and again (201)
        assertThat(puts).extracting(p -> p.header("Content-Range")).containsExactly(null, "bytes */" + bytes.length,
                null, null);
        assertThat(puts.get(1).bodyLength()).isZero();
        assertThat(List.of(puts.get(0), puts.get(2), puts.get(3)))
                .allSatisfy(p -> assertThat(p.bodySha256()).isEqualTo(sha256(bytes)));
    }

    @Test
    void anInterruptedUploadResumesFromWhatTheUpstreamHolds() {
        byte[] bytes = random(3 * 1024 * 1024, 14);
        long cut = 1024 * 1024 + 5;
        peer.resumableUploads("/up/resumed.bin");
        peer.cutUploadAfter("/up/resumed.bin", cut);
        String id = Agent.api().body(bytes).put("/v1/routes/files/uploads/up/resumed.bin").then().statusCode(202)
                .extract().path("id");

        JsonPath done = awaitState(id, "completed", WITHIN);
        assertThat(done.getLong("bytesDone")).isEqualTo(bytes.length);
        assertThat(sha256(peer.uploaded("/up/resumed.bin"))).isEqualTo(sha256(bytes));
        List<TransferPeer.Seen> puts = peer.requests("/up/resumed.bin");
        assertThat(puts).extracting(p -> p.header("Content-Range")).containsExactly(null, "bytes */" + bytes.length,
                "bytes " + cut + "-" + (bytes.length - 1) + "/" + bytes.length);
        assertThat(puts.get(0).bodyLength()).as("dropped after").isEqualTo(cut);
        assertThat(puts.get(2).bodyLength()).as("only the rest sent again").isEqualTo(bytes.length - cut);
        assertThat(puts.get(2).header("Content-Length")).isEqualTo(Long.toString(bytes.length - cut));
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
