package io.outpost.stream;

import static io.outpost.testing.Agent.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.outpost.testing.StreamPeersResource;
import io.outpost.testing.StreamPeersResource.Peers;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /v1/streams/{name}/ws} with a real Vert.x WebSocket client against the running agent (issue 25
 * item 4): refusals before the upgrade, stored events after {@code after} then live ones, frames queued and
 * sent upstream in order, a stalled client that holds up no other.
 */
@QuarkusTest
@WithTestResource(value = StreamPeersResource.class, scope = TestResourceScope.GLOBAL)
class LocalWebSocketTest {

    private static final Logger LOG = Logger.getLogger(LocalWebSocketTest.class);
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final Vertx VERTX = Vertx.vertx();
    private static final HttpClient CLIENT = VERTX.createHttpClient();
    private static final String BEARER = "Bearer test-token";

    private final Peers peers = StreamPeersResource.peers();

    @TestHTTPResource("/")
    URI base;

    @Inject
    Streams streams;

    @AfterAll
    static void closeClient() throws Exception {
        VERTX.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A connected client and what it received. */
    record Client(WebSocket ws, List<String> texts, List<Short> closes) {
        List<Long> seqs() {
            return texts.stream().map(t -> new JsonObject(t).getLong("seq")).toList();
        }

        List<String> data() {
            return texts.stream().map(t -> new JsonObject(t).getString("data")).toList();
        }
    }

    private Future<Client> open(String path, Map<String, String> headers, List<String> subprotocols) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(base.getPort())
                .setURI(path).setSubProtocols(subprotocols);
        headers.forEach(options::addHeader);
        return CLIENT.webSocket(options).map(ws -> {
            Client c = new Client(ws, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
            ws.textMessageHandler(c.texts()::add);
            ws.closeHandler(v -> c.closes().add(ws.closeStatusCode()));
            return c;
        });
    }

    private Client connect(String path) throws Exception {
        return open(path, Map.of("Authorization", BEARER), List.of()).toCompletionStage().toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
    }

    private int refusal(String path, Map<String, String> headers, List<String> subprotocols) throws Exception {
        Throwable failure = open(path, headers, subprotocols).map(c -> (Throwable) null).otherwise(e -> e)
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(UpgradeRejectedException.class);
        return ((UpgradeRejectedException) failure).getStatus();
    }

    private long lastSeq(String stream) {
        return streams.hub(stream).lastSeq();
    }

    private void awaitLocalConnected() {
        await().atMost(WITHIN).until(() -> "connected".equals(api().get("/v1/streams/local").then().extract()
                .path("state")) && peers.local.openConnections() == 1);
    }

    @Test
    void whatCanBeRefusedIsRefusedBeforeTheUpgrade() throws Exception {
        assertThat(refusal("/v1/streams/nope/ws", Map.of("Authorization", BEARER), List.of())).isEqualTo(404);
        assertThat(refusal("/v1/streams/local/ws", Map.of(), List.of())).as("no token").isEqualTo(401);
        assertThat(refusal("/v1/streams/local/ws?access_token=test-token&token=test-token", Map.of(), List.of()))
                .as("never a token in the URL").isEqualTo(401);
        String wrong = "outpost.bearer." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("wrong".getBytes(StandardCharsets.UTF_8));
        assertThat(refusal("/v1/streams/local/ws", Map.of(), List.of("outpost", wrong))).isEqualTo(401);
        assertThat(refusal("/v1/streams/local/ws?after=-1", Map.of("Authorization", BEARER), List.of()))
                .isEqualTo(400);
        api().get("/v1/streams/local/ws").then().statusCode(426).contentType("application/problem+json")
                .header("Upgrade", "websocket").body("type", is("urn:outpost:problem:upgrade-required"));
        api().post("/v1/streams/local/ws").then().statusCode(405);
    }

    @Test
    void storedEventsAfterTheGivenSeqThenLiveOnes() throws Exception {
        awaitLocalConnected();
        long s0 = lastSeq("local");
        List.of("r1", "r2", "r3").forEach(peers.local::push);
        await().atMost(WITHIN).until(() -> lastSeq("local") >= s0 + 3);

        Client c = connect("/v1/streams/local/ws?after=" + (s0 + 1));
        await().atMost(WITHIN).until(() -> c.texts().size() >= 2);
        peers.local.push("live-1");
        peers.local.push("live-2");
        await().atMost(WITHIN).until(() -> c.texts().size() >= 4);
        assertThat(c.data()).containsExactly("r2", "r3", "live-1", "live-2");
        assertThat(c.seqs()).containsExactly(s0 + 2, s0 + 3, s0 + 4, s0 + 5);
        JsonObject first = new JsonObject(c.texts().get(0));
        assertThat(first.fieldNames()).contains("seq", "id", "event", "data", "receivedAt");
        c.ws().close();
    }

    @Test
    void framesSentOnItAreQueuedAndGoUpstreamInOrderEvenIfItClosesAtOnce() throws Exception {
        awaitLocalConnected();
        int before = peers.local.received().size();
        String token = "outpost.bearer." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("test-token".getBytes(StandardCharsets.UTF_8));
        // as a browser does it: no header, the token as a subprotocol beside the one the agent answers with
        Client c = open("/v1/streams/local/ws", Map.of(), List.of("outpost", token)).toCompletionStage()
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(c.ws().subProtocol()).isEqualTo("outpost");
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            c.ws().writeTextMessage("f" + i);
            expected.add("f" + i);
        }
        c.ws().writeBinaryMessage(Buffer.buffer(new byte[] { 1, 2, (byte) 0xff }));
        expected.add("binary:" + Base64.getEncoder().encodeToString(new byte[] { 1, 2, (byte) 0xff }));
        c.ws().writeTextMessage("last");
        expected.add("last");
        c.ws().close(); // what was received before the close is queued all the same

        await().atMost(WITHIN).until(() -> peers.local.received().size() >= before + expected.size());
        assertThat(peers.local.received().subList(before, peers.local.received().size()))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void aStreamThatOnlyReceivesClosesWith1003OnAFrame() throws Exception {
        Client c = connect("/v1/streams/sse/ws");
        c.ws().writeTextMessage("nowhere to go");
        await().atMost(WITHIN).until(() -> !c.closes().isEmpty());
        assertThat(c.closes()).containsExactly((short) 1003);
    }

    @Test
    void aStalledClientHoldsUpNoOtherReader() throws Exception {
        awaitLocalConnected();
        String big = "x".repeat(16 * 1024);
        long s0 = lastSeq("local");
        Client alone = connect("/v1/streams/local/ws?after=" + s0);
        long t0 = System.nanoTime();
        IntStream.range(0, 200).forEach(i -> peers.local.push(i + ":" + big));
        await().atMost(WITHIN).until(() -> alone.texts().size() >= 200);
        long aloneMs = (System.nanoTime() - t0) / 1_000_000;
        alone.ws().close();

        long s1 = lastSeq("local");
        Client stalled = connect("/v1/streams/local/ws?after=" + s1);
        stalled.ws().pause(); // reads nothing: its TCP window fills, then the agent's write queue for it
        Client fast = connect("/v1/streams/local/ws?after=" + s1);
        t0 = System.nanoTime();
        IntStream.range(0, 400).forEach(i -> peers.local.push(i + ":" + big));
        await().atMost(WITHIN).until(() -> fast.texts().size() >= 400);
        long besideMs = (System.nanoTime() - t0) / 1_000_000;
        LOG.infof("MEASURE local WebSocket reader, 16 KiB events: 200 alone in %d ms; 400 beside a stalled reader "
                + "in %d ms", aloneMs, besideMs);
        assertThat(stalled.texts()).as("the stalled client read nothing").isEmpty();
        assertThat(fast.seqs()).containsExactlyElementsOf(seqs(s1 + 1, 400));

        stalled.ws().resume();
        await().atMost(WITHIN).until(() -> stalled.texts().size() >= 400);
        assertThat(stalled.seqs()).as("once it reads again, every event in order")
                .containsExactlyElementsOf(seqs(s1 + 1, 400));
        fast.ws().close();
        stalled.ws().close();
    }

    private static List<Long> seqs(long from, int n) {
        return IntStream.range(0, n).mapToObj(i -> from + i).toList();
    }
}
