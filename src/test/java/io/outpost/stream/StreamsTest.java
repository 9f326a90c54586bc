package io.outpost.stream;

import static io.outpost.testing.Agent.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.outpost.connectivity.LinkMonitor;
import io.outpost.testing.Metrics;
import io.outpost.testing.StreamPeersResource;
import io.outpost.testing.StreamPeersResource.Peers;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/** The streams against real WebSocket, SSE and long-poll upstreams on 127.0.0.1. */
@QuarkusTest
@WithTestResource(value = StreamPeersResource.class, scope = TestResourceScope.GLOBAL)
class StreamsTest {

    private static final Logger LOG = Logger.getLogger(StreamsTest.class);
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private final Peers peers = StreamPeersResource.peers();

    @Inject
    Streams streams;

    @Inject
    LinkMonitor links;

    @TestHTTPResource("/")
    URI base;

    private static String state(String stream) {
        return api().get("/v1/streams/" + stream).then().statusCode(200).extract().path("state");
    }

    private static void awaitState(String stream, String state) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> state.equals(state(stream)));
    }

    /** Stored events of the stream after {@code seq}, through the JSON API. */
    private static List<String> dataAfter(String stream, long seq) {
        return api().queryParam("after", seq).queryParam("limit", 500).accept("application/json")
                .get("/v1/streams/" + stream + "/events").then().statusCode(200).extract().jsonPath()
                .getList("events.data");
    }

    @Test
    void aDroppedWebSocketIsReplacedAndCarriesEventsBothWays() {
        awaitState("ws", "connected");
        int before = peers.ws.connections();
        long reconnects = ((Number) api().get("/v1/streams/ws").then().extract().path("reconnects")).longValue();
        long t0 = System.nanoTime();
        peers.ws.dropAll();
        await().atMost(WITHIN).until(() -> peers.ws.connections() > before);
        LOG.infof("MEASURE websocket drop -> new handshake: %d ms",
                (peers.ws.handshakes().get(before) - t0) / 1_000_000);
        awaitState("ws", "connected");
        JsonPath view = api().get("/v1/streams/ws").then().extract().jsonPath();
        assertThat(view.getLong("reconnects")).isGreaterThan(reconnects);
        assertThat(view.getString("transport")).isEqualTo("websocket");
        assertThat(view.getString("lastHeartbeatAt")).isNotNull();

        long seq = streams.hub("ws").lastSeq();
        await().atMost(WITHIN).until(() -> peers.ws.openConnections() == 1);
        peers.ws.push("hello");
        await().atMost(WITHIN).until(() -> dataAfter("ws", seq).equals(List.of("hello")));

        int sent = peers.ws.received().size();
        IntStream.range(0, 20).forEach(i -> api().body("frame-" + i).post("/v1/streams/ws/messages").then()
                .statusCode(202).body("status", Matchers.is("queued")));
        await().atMost(WITHIN).until(() -> peers.ws.received().size() >= sent + 20);
        assertThat(peers.ws.received().subList(sent, sent + 20))
                .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "frame-" + i).toList());
    }

    @Test
    void failedAttemptsBackOffInsteadOfLoopingTight() {
        awaitState("ws", "connected");
        int before = peers.ws.connections();
        int rejectedBefore = peers.ws.rejected().size();
        peers.ws.rejectNext(8);
        long t0 = System.nanoTime();
        peers.ws.dropAll();
        await().atMost(WITHIN).until(() -> peers.ws.connections() > before);
        List<Long> attempts = peers.ws.rejected().subList(rejectedBefore, rejectedBefore + 8);
        long total = (peers.ws.handshakes().get(before) - t0) / 1_000_000;
        LOG.infof("MEASURE 8 rejected handshakes (backoff 50-300 ms), gaps %s ms, reconnected after %d ms",
                IntStream.range(1, attempts.size()).mapToObj(i -> (attempts.get(i) - attempts.get(i - 1)) / 1_000_000)
                        .toList(), total);
        assertThat(total).as("nine attempts with full-jitter waits, not a tight loop").isBetween(150L, 5000L);
        awaitState("ws", "connected");
    }

    @Test
    void aHalfOpenConnectionIsDetectedWithinTheHeartbeatTimeout() {
        awaitState("ws", "connected");
        int before = peers.ws.connections();
        String misses = "outpost_stream_heartbeat_misses_total{stream=\"ws\"}";
        double missesBefore = Metrics.scrape().value(misses);
        long t0 = System.nanoTime();
        peers.proxy.freeze(); // TCP stays open at both ends; no pong gets through any more
        await().atMost(WITHIN).until(() -> peers.ws.connections() > before);
        long millis = (peers.ws.handshakes().get(before) - t0) / 1_000_000;
        LOG.infof("MEASURE half-open websocket (timeout 800 ms) -> new handshake: %d ms", millis);
        assertThat(millis).as("detected by the timeout, not before the last pong was 800 ms old")
                .isBetween(500L, 3000L); // 800 ms + a check period + backoff, with room for a loaded build machine
        awaitState("ws", "connected");
        assertThat(Metrics.scrape().value(misses)).isEqualTo(missesBefore + 1);
    }

    @Test
    void sseResumesAfterTheLastStoredIdOverTenForcedReconnects() {
        await().atMost(WITHIN).until(() -> peers.sse.openConnections() == 1);
        long base = streams.hub("sse").lastSeq();
        int first = peers.sse.published() + 1;
        for (int round = 0; round < 10; round++) {
            peers.sse.publish(5);
            int published = peers.sse.published();
            await().atMost(WITHIN).until(() -> streams.hub("sse").lastSeq() - base == published - first + 1);
            int connections = peers.sse.lastEventIds().size();
            peers.sse.dropAll(round % 2 == 0);
            await().atMost(WITHIN).until(() -> peers.sse.lastEventIds().size() > connections);
            assertThat(peers.sse.lastEventIds().get(connections)).isEqualTo(Integer.toString(published));
        }
        peers.sse.publish(3);
        int last = peers.sse.published();
        List<String> expected = IntStream.rangeClosed(first, last).mapToObj(i -> "e" + i).toList();
        await().atMost(WITHIN).until(() -> dataAfter("sse", base).size() >= expected.size());
        assertThat(dataAfter("sse", base)).containsExactlyElementsOf(expected);
        JsonPath one = api().queryParam("after", base).queryParam("limit", 1).accept("application/json")
                .get("/v1/streams/sse/events").then().extract().jsonPath();
        assertThat(one.getString("events[0].id")).isEqualTo(Integer.toString(first));
        assertThat(one.getString("events[0].event")).isEqualTo("tick");
        assertThat(one.getLong("next")).isEqualTo(base + 1);
        assertThat(state("sse")).isEqualTo("connected");
    }

    @Test
    void anEmptyIdFromTheServerMeansTheNextConnectionSendsNoLastEventId() {
        await().atMost(WITHIN).until(() -> peers.sse.openConnections() == 1);
        peers.sse.publish(2);
        peers.sse.publishClearingTheId("cleared");
        await().atMost(WITHIN).until(() -> dataAfter("sse", streams.hub("sse").lastSeq() - 1).contains("cleared"));
        int connections = peers.sse.lastEventIds().size();
        peers.sse.dropAll(false);
        await().atMost(WITHIN).until(() -> peers.sse.lastEventIds().size() > connections);
        assertThat(peers.sse.lastEventIds().get(connections)).isEmpty();
        // the server replays its whole log to a client without an id; an event after that leaves a numeric id
        peers.sse.publish(1);
        String lastData = "e" + peers.sse.published();
        await().atMost(WITHIN).until(() -> dataAfter("sse", streams.hub("sse").lastSeq() - 1).contains(lastData));
    }

    @Test
    void theMainTransportDownFallsBackToLongPollingAndFramesWaitInOrder() {
        awaitState("fb", "connected");
        long seq = streams.hub("fb").lastSeq();
        long t0 = System.nanoTime();
        peers.flaky.down();
        awaitState("fb", "fallback");
        LOG.infof("MEASURE websocket down -> fallback polling (fallback-after 2): %d ms",
                (System.nanoTime() - t0) / 1_000_000);
        List<String> frames = IntStream.range(0, 10).mapToObj(i -> "queued-" + i).toList();
        frames.forEach(f -> api().body(f).post("/v1/streams/fb/messages").then().statusCode(202));
        peers.poll.publish("polled-1");
        peers.poll.publish("{\"n\":2}");
        await().atMost(WITHIN).until(() -> dataAfter("fb", seq).equals(List.of("polled-1", "{\"n\":2}")));

        int received = peers.flaky.received().size();
        long t1 = System.nanoTime();
        peers.flaky.up();
        awaitState("fb", "connected");
        LOG.infof("MEASURE websocket back -> connected again: %d ms", (System.nanoTime() - t1) / 1_000_000);
        await().atMost(WITHIN).until(() -> peers.flaky.received().size() >= received + frames.size());
        assertThat(peers.flaky.received().subList(received, received + frames.size()))
                .containsExactlyElementsOf(frames);
        int polls = peers.poll.polls();
        await().during(Duration.ofMillis(800)).atMost(WITHIN).until(() -> peers.poll.polls() <= polls + 1);
    }

    @Test
    void aLocalReaderResumesWithLastEventIdAndALongPollWakesOnANewEvent() throws Exception {
        await().atMost(WITHIN).until(() -> "connected".equals(state("ws")) && peers.ws.openConnections() >= 1);
        long start = streams.hub("ws").lastSeq();
        try (LocalReader other = new LocalReader(base, "ws", Long.toString(start))) {
            String resumeAt;
            try (LocalReader reader = new LocalReader(base, "ws", Long.toString(start))) {
                List.of("a", "b", "c").forEach(peers.ws::push);
                await().atMost(WITHIN).until(() -> reader.events.size() == 3);
                resumeAt = reader.lastId();
            }
            List.of("d", "e", "f", "g").forEach(peers.ws::push);
            await().atMost(WITHIN).until(() -> streams.hub("ws").lastSeq() == start + 7);
            try (LocalReader again = new LocalReader(base, "ws", resumeAt)) {
                await().atMost(WITHIN).until(() -> again.events.size() >= 4);
                assertThat(again.events).extracting(Incoming::data).containsExactly("d", "e", "f", "g");
                assertThat(again.events).extracting(Incoming::id).containsExactly(
                        Long.toString(start + 4), Long.toString(start + 5), Long.toString(start + 6),
                        Long.toString(start + 7));
            }
            await().atMost(WITHIN).until(() -> other.events.size() == 7);
        }

        long after = streams.hub("ws").lastSeq();
        CompletableFuture<JsonPath> poll = CompletableFuture.supplyAsync(() -> api().accept("application/json")
                .queryParam("after", after).queryParam("wait", "5s").get("/v1/streams/ws/events").then()
                .statusCode(200).extract().jsonPath());
        // the long poll stays open while nothing arrives
        await().during(Duration.ofMillis(300)).atMost(WITHIN).untilAsserted(() -> assertThat(poll).isNotDone());
        long t0 = System.nanoTime();
        peers.ws.push("woken");
        JsonPath answer = poll.get(5, TimeUnit.SECONDS);
        LOG.infof("MEASURE long poll wake-up after an upstream frame: %d ms", (System.nanoTime() - t0) / 1_000_000);
        assertThat(answer.getList("events.data")).containsExactly("woken");
        assertThat(answer.getLong("next")).isEqualTo(after + 1);
    }

    @Test
    void aRouteReportedBackReconnectsWithoutWaitingOutTheBackoff() {
        awaitState("routed", "connected");
        peers.routed.down();
        awaitState("routed", "reconnecting");
        for (int i = 0; i < 3; i++) {
            links.failed("stream-peer", "down for the test"); // as the relay's failed requests would
        }
        assertThat(links.reachable("stream-peer")).isFalse();
        long t0 = System.nanoTime();
        peers.routed.up();
        awaitState("routed", "connected");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        LOG.infof("MEASURE route probed back -> stream reconnected (backoff 30 s): %d ms", millis);
        assertThat(millis).isLessThan(5000);
    }

    @Test
    void theApiListsStreamsAndRefusesWhatItCannotDo() {
        JsonPath all = api().get("/v1/streams").then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("name")).contains("fb", "routed", "sse", "ws");
        assertThat(all.getList("transport")).contains("websocket", "sse");
        api().get("/v1/streams/nope").then().statusCode(404).contentType("application/problem+json")
                .body("type", Matchers.is("urn:outpost:problem:unknown-stream"));
        api().get("/v1/streams/nope/events").then().statusCode(404).contentType("application/problem+json");
        api().body("x").post("/v1/streams/nope/messages").then().statusCode(404);
        api().body("x").post("/v1/streams/sse/messages").then().statusCode(409)
                .contentType("application/problem+json");
        api().accept("application/json").queryParam("after", "-1").get("/v1/streams/ws/events").then()
                .statusCode(400).body("invalid-params[0].name", Matchers.is("after"));
        api().accept("application/json").queryParam("wait", "soon").get("/v1/streams/ws/events").then()
                .statusCode(400);
        RestAssured.given().get("/v1/streams").then().statusCode(401);
        String metrics = Metrics.scrape().text();
        assertThat(metrics).contains("outpost_stream_connected{stream=\"ws\"}",
                "outpost_stream_reconnects_total{stream=\"ws\"}", "outpost_stream_events_received_total{stream=\"sse\"}",
                "outpost_stream_heartbeat_misses_total{stream=\"ws\"}");
    }

}
