package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.outpost.store.TestPostgres;
import io.outpost.testing.SsePeer;
import io.outpost.testing.WsPeer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Three packaged agents on one PostgreSQL, each configured with an SSE stream and a WebSocket stream: the
 * upstream sees one connection per stream; every agent says which agent holds each; a reader on an agent that
 * does not hold the stream gets its events live (the added latency is printed); a frame posted to such an
 * agent is sent upstream once. A kill -9 of the SSE stream's holder: another agent connects within the lease
 * (3 s) plus a few seconds, resuming with the Last-Event-ID of the last event stored, so the events published
 * while no agent was connected are stored once each, none lost, and the reader elsewhere gets them all.
 */
class FleetStreamIT {

    private static final Vertx VERTX = Vertx.vertx();
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration WITHIN = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterAll
    static void close() {
        VERTX.close();
    }

    record Seen(String id, String data, long nanos) {
    }

    @Test
    void eachStreamHasOneHolderThatHandsOverOnAKill(@TempDir Path tmp) throws Exception {
        SsePeer sse = new SsePeer(VERTX);
        WsPeer ws = new WsPeer(VERTX).up();
        try (TestPostgres pg = TestPostgres.start(tmp.resolve("external"), 60)) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres")); Statement s = c.createStatement()) {
                s.execute("create user agent password 'agent-secret'");
                s.execute("create database outbox owner agent");
            }
            String url = "postgresql://127.0.0.1:" + pg.port() + "/outbox";
            List<AgentProcess> agents = new ArrayList<>();
            try {
                for (String id : List.of("a", "b", "c")) { // one after the other: 3 boots at once overload 2 cores
                    agents.add(agent(tmp, id, url, sse, ws).start().awaitReady());
                }
                await().atMost(WITHIN).until(() -> sse.openConnections() == 1 && ws.openConnections() == 1);
                String feedHolder = holder(agents, "feed");
                String chatHolder = holder(agents, "chat");
                await().during(Duration.ofSeconds(2)).atMost(WITHIN)
                        .until(() -> sse.openConnections() == 1 && ws.openConnections() == 1);
                // at most one at a time (the holder may reconnect by itself on a loaded machine: a late heartbeat)
                assertThat(sse.peakConnections()).as("connections open at once to the SSE upstream").isEqualTo(1);
                assertThat(ws.peakConnections()).as("connections open at once to the WebSocket upstream").isEqualTo(1);
                for (AgentProcess a : agents) {
                    await().atMost(WITHIN).until(() -> feedHolder.equals(view(a, "feed").getString("holder")));
                }

                AgentProcess reader = agents.stream().filter(a -> !id(a).equals(feedHolder)).findFirst().orElseThrow();
                AgentProcess holding = agents.stream().filter(a -> id(a).equals(feedHolder)).findFirst().orElseThrow();
                List<Seen> seen = new CopyOnWriteArrayList<>();
                List<Seen> seenOnHolder = new CopyOnWriteArrayList<>();
                List<Long> latencies = new ArrayList<>();
                List<Long> onHolder = new ArrayList<>();
                try (InputStream body = open(reader, seen); InputStream local = open(holding, seenOnHolder)) {
                    for (int i = 1; i <= 10; i++) { // one at a time: the time an event takes to reach each reader
                        long published = System.nanoTime();
                        sse.publish(1);
                        int n = i;
                        await().atMost(WITHIN).pollInterval(Duration.ofMillis(2))
                                .until(() -> seen.size() >= n && seenOnHolder.size() >= n);
                        latencies.add((seen.get(n - 1).nanos() - published) / 1_000_000);
                        onHolder.add((seenOnHolder.get(n - 1).nanos() - published) / 1_000_000);
                    }
                    AgentProcess sender = agents.stream().filter(a -> !id(a).equals(chatHolder)).findFirst()
                            .orElseThrow();
                    long posted = System.nanoTime();
                    assertThat(post(sender, "chat", "frame-1")).isEqualTo(202);
                    await().atMost(WITHIN).pollInterval(Duration.ofMillis(2)).until(() -> ws.received().contains("frame-1"));
                    long frameMillis = (System.nanoTime() - posted) / 1_000_000;
                    List<Long> sorted = latencies.stream().sorted().toList();
                    List<Long> held = onHolder.stream().sorted().toList();
                    System.out.printf("fleet streams: an event reached a reader on a non-holder %d ms (median), %d ms "
                            + "(max) after the upstream sent it, one on the holder %d ms (median), %d ms (max); a frame "
                            + "posted to a non-holder was sent after %d ms%n", sorted.get(sorted.size() / 2),
                            sorted.get(sorted.size() - 1), held.get(held.size() / 2), held.get(held.size() - 1),
                            frameMillis);

                    AgentProcess killed = agents.stream().filter(a -> id(a).equals(feedHolder)).findFirst().orElseThrow();
                    String lastStored = Long.toString(stored(reader).size());
                    int before = sse.lastEventIds().size();
                    killed.kill9();
                    long killedAt = System.nanoTime();
                    sse.publish(5); // while the holder is dead: the successor must fetch them with Last-Event-ID
                    await().atMost(LEASE.plus(WITHIN)).pollInterval(Duration.ofMillis(50))
                            .until(() -> sse.lastEventIds().size() > before);
                    double takeover = (System.nanoTime() - killedAt) / 1e9;
                    assertThat(sse.lastEventIds().get(before)).as("the successor resumes after the last stored event")
                            .isEqualTo(lastStored);
                    sse.publish(5);
                    await().atMost(WITHIN).until(() -> seen.size() >= 20);
                    await().during(Duration.ofMillis(500)).atMost(WITHIN).until(() -> seen.size() == 20);
                    System.out.printf("fleet streams: the SSE stream's holder killed, another agent connected %.1f s "
                            + "later (lease %d s)%n", takeover, LEASE.toSeconds());
                    assertThat(takeover).as("kill to takeover, s").isLessThan(LEASE.toSeconds() + 5.0);
                    assertThat(seen).extracting(Seen::data).as("the reader on a non-holder, live, across the kill")
                            .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> "e" + i).toList());
                }
                assertThat(stored(reader)).as("stored once each, none lost")
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> "e" + i).toList());
                assertThat(sse.openConnections()).isEqualTo(1);
                assertThat(sse.peakConnections()).as("never two connections at once, even across the takeover")
                        .isEqualTo(1);

                agents.remove(agents.stream().filter(a -> id(a).equals(feedHolder)).findFirst().orElseThrow());
                await().atMost(LEASE.plus(WITHIN)).until(() -> ws.openConnections() == 1);
                String chatNow = holder(agents, "chat");
                AgentProcess sender = agents.stream().filter(a -> !id(a).equals(chatNow)).findFirst().orElseThrow();
                assertThat(post(sender, "chat", "frame-2")).isEqualTo(202);
                await().atMost(WITHIN).until(() -> ws.received().contains("frame-2"));
                await().during(Duration.ofSeconds(1)).atMost(WITHIN).until(() -> ws.received().size() == 2);
                assertThat(ws.received()).as("each frame sent once").containsExactly("frame-1", "frame-2");
                assertThat(ws.peakConnections()).isEqualTo(1);
            } catch (Throwable e) {
                for (AgentProcess a : ids.keySet()) { // what each agent said of its streams
                    a.output().lines().filter(l -> l.contains("Stream") || l.contains("ERROR"))
                            .forEach(l -> System.out.println(id(a) + ": " + l));
                }
                throw e;
            } finally {
                for (AgentProcess a : agents) {
                    a.close();
                }
                ws.down();
            }
        }
    }

    private final Map<AgentProcess, String> ids = new HashMap<>();

    private String id(AgentProcess agent) {
        return ids.get(agent);
    }

    private AgentProcess agent(Path tmp, String id, String url, SsePeer sse, WsPeer ws) throws Exception {
        Map<String, String> config = new HashMap<>(Map.of(
                "quarkus.datasource.reactive.url", url,
                "quarkus.datasource.username", "agent",
                "quarkus.datasource.password", "agent-secret",
                "outpost.fleet.agent-id", id,
                "outpost.delivery.claim-lease", LEASE.toSeconds() + "s"));
        for (String stream : List.of("feed", "chat")) {
            String p = "outpost.streams." + stream + ".";
            config.put(p + "url", stream.equals("feed") ? sse.url() : ws.url());
            config.put(p + "transport", stream.equals("feed") ? "sse" : "websocket");
            config.put(p + "heartbeat-interval", "1s");
            config.put(p + "heartbeat-timeout", "5s");
            config.put(p + "reconnect.initial-delay", "50ms");
            config.put(p + "reconnect.max-delay", "500ms");
        }
        AgentProcess agent = new AgentProcess(tmp.resolve("data-" + id), config);
        ids.put(agent, id);
        return agent;
    }

    /** The stream's holder, once every agent names the same one. */
    private String holder(List<AgentProcess> agents, String stream) {
        String[] holder = new String[1];
        await().atMost(WITHIN).until(() -> {
            List<String> named = new ArrayList<>();
            for (AgentProcess a : agents) {
                named.add(view(a, stream).getString("holder"));
            }
            holder[0] = named.get(0);
            return holder[0] != null && named.stream().allMatch(holder[0]::equals);
        });
        return holder[0];
    }

    /** {@code GET /v1/streams/{name}}: what {@code GET /v1/streams} lists for it. */
    private static JsonObject view(AgentProcess agent, String stream) throws Exception {
        return agent.json("/v1/streams/" + stream);
    }

    private int post(AgentProcess agent, String stream, String frame) throws Exception {
        return client.send(agent.request("/v1/streams/" + stream + "/messages").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(frame)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** The data of every event the agent serves from the store, in order. */
    private List<String> stored(AgentProcess agent) throws Exception {
        HttpResponse<String> r = client.send(agent.request("/v1/streams/feed/events?after=0&limit=500")
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        List<String> data = new ArrayList<>();
        new JsonObject(r.body()).getJsonArray("events").forEach(e -> data.add(((JsonObject) e).getString("data")));
        return data;
    }

    private InputStream open(AgentProcess agent, List<Seen> seen) throws Exception {
        HttpResponse<InputStream> response = client.send(agent.request("/v1/streams/feed/events")
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return SseReader.start(response.body(), e -> seen.add(new Seen(e.id(), e.data(), e.nanos())));
    }
}
