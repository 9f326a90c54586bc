package io.outpost.transfer;

import static io.outpost.transfer.TransferCalls.awaitState;
import static io.outpost.transfer.TransferCalls.download;
import static io.outpost.transfer.TransferCalls.random;
import static io.outpost.transfer.TransferCalls.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.outpost.testing.Agent;
import io.outpost.testing.TransferPeer;
import io.outpost.testing.TransferPeersResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/** Progress events and content of a download, read as a local application would. */
@QuarkusTest
@WithTestResource(value = TransferPeersResource.class, scope = TestResourceScope.GLOBAL)
class TransferApiTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private final TransferPeer peer = TransferPeersResource.peers().files;

    @TestHTTPResource("/")
    URI base;

    @Test
    void eventsShowProgressAndEndWithTheFinalState() throws Exception {
        byte[] bytes = random(768 * 1024, 21);
        peer.serve("/files/slow-events.bin", bytes).slow(384 * 1024);
        String id = download("files", "/files/slow-events.bin", sha256(bytes));
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(base.resolve("/v1/transfers/" + id + "/events"))
                        .header("Authorization", "Bearer test-token").build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<String> lines = CompletableFuture.supplyAsync(() -> response.body().toList())
                .get(30, TimeUnit.SECONDS); // the stream ends by itself after the final state

        List<JsonObject> events = lines.stream().filter(l -> l.startsWith("data: "))
                .map(l -> new JsonObject(l.substring(6))).toList();
        List<String> names = lines.stream().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();
        assertThat(events.get(0).getString("id")).isEqualTo(id);
        assertThat(names.get(names.size() - 1)).isEqualTo("completed");
        assertThat(events.get(events.size() - 1).getLong("bytesDone")).isEqualTo(bytes.length);
        List<Long> progress = events.stream().filter(e -> "running".equals(e.getString("state")))
                .map(e -> e.getLong("bytesDone")).toList();
        assertThat(progress).as("progress while running, about every 500 ms of 2 s").hasSizeGreaterThanOrEqualTo(2)
                .isSorted();
        assertThat(progress.stream().filter(b -> b > 0 && b < bytes.length)).isNotEmpty();
        assertThat(events.stream().filter(e -> e.getLong("bytesPerSecond") != null)).isNotEmpty();
    }

    @Test
    void contentIs409UntilCompletedThenTheBytesWithTheUpstreamsTypeAndRanges() {
        byte[] bytes = random(512 * 1024, 22);
        peer.serve("/files/content.bin", bytes).slow(256 * 1024).contentType("image/png");
        String id = download("files", "/files/content.bin", null);
        await().atMost(WITHIN).until(() -> TransferCalls.transfer(id).getLong("bytesDone") > 0);
        Agent.api().get("/v1/transfers/" + id + "/content").then().statusCode(409)
                .contentType("application/problem+json");

        awaitState(id, "completed", WITHIN);
        Response whole = Agent.api().get("/v1/transfers/" + id + "/content");
        whole.then().statusCode(200).contentType("image/png").header("Content-Length", Integer.toString(bytes.length));
        assertThat(whole.asByteArray()).isEqualTo(bytes);
        byte[] part = Agent.api().header("Range", "bytes=1000-1999").get("/v1/transfers/" + id + "/content").then()
                .statusCode(206).header("Content-Range", "bytes 1000-1999/" + bytes.length).extract().asByteArray();
        assertThat(part).isEqualTo(Arrays.copyOfRange(bytes, 1000, 2000));
        Agent.api().header("Range", "bytes=" + bytes.length + "-").get("/v1/transfers/" + id + "/content").then()
                .statusCode(416).header("Content-Range", "bytes */" + bytes.length);
    }

    @Test
    void aRunningDownloadShowsRateAndEta() {
        byte[] bytes = random(1024 * 1024, 23);
        peer.serve("/files/eta.bin", bytes).slow(256 * 1024);
        String id = download("files", "/files/eta.bin", null);
        await().atMost(WITHIN).untilAsserted(() -> {
            var t = TransferCalls.transfer(id);
            assertThat(t.getString("state")).isEqualTo("running");
            assertThat(t.<Object>get("bytesPerSecond")).as("a rate once it can be told").isNotNull();
            assertThat(t.getLong("bytesPerSecond")).isBetween(64L * 1024, 1024L * 1024);
            assertThat(t.<Object>get("etaSeconds")).isNotNull();
            assertThat(t.getLong("etaSeconds")).isPositive();
            assertThat(t.getLong("bytesTotal")).isEqualTo(bytes.length);
        });
        awaitState(id, "completed", WITHIN);
        assertThat(TransferCalls.transfer(id).getString("bytesPerSecond")).isNull();
    }
}
