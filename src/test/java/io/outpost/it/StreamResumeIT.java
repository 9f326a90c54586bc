package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.outpost.testing.SsePeer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A local reader that disconnects and comes back with {@code Last-Event-ID} gets exactly the events it
 * missed, even when the agent was killed (SIGKILL) in between and events went on arriving upstream while
 * it was down: the agent resumes the upstream after its last stored event, and the reader after its own.
 */
class StreamResumeIT {

    private static final Vertx VERTX = Vertx.vertx();
    private static final Duration WITHIN = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterAll
    static void close() {
        VERTX.close();
    }

    /** One event as a local reader saw it: its id (the sequence number) and data. */
    record Seen(String id, String data) {
    }

    @Test
    void aReaderResumesExactlyAcrossAnAgentKill(@TempDir Path tmp) throws Exception {
        SsePeer upstream = new SsePeer(VERTX);
        Map<String, String> config = Map.of("outpost.streams.feed.url", upstream.url(),
                "outpost.streams.feed.transport", "sse", "outpost.streams.feed.heartbeat-interval", "500ms",
                "outpost.streams.feed.heartbeat-timeout", "2s", "outpost.streams.feed.reconnect.initial-delay", "50ms",
                "outpost.streams.feed.reconnect.max-delay", "500ms");
        Path data = tmp.resolve("data");
        upstream.publish(5);
        String resumeAt;
        try (AgentProcess first = new AgentProcess(data, config).start().awaitReady()) {
            List<Seen> seen = new CopyOnWriteArrayList<>();
            try (InputStream body = open(first, null, seen)) {
                await().atMost(WITHIN).until(() -> seen.size() >= 3);
            }
            resumeAt = seen.get(2).id();
            assertThat(seen.subList(0, 3)).containsExactly(new Seen("1", "e1"), new Seen("2", "e2"),
                    new Seen("3", "e3"));
            upstream.publish(2);
            await().atMost(WITHIN).until(() -> stored(first) == 7);
            first.kill9();
        }
        upstream.publish(3); // while the agent is down
        try (AgentProcess second = new AgentProcess(data, config).start().awaitReady()) {
            List<Seen> seen = new CopyOnWriteArrayList<>();
            try (InputStream body = open(second, resumeAt, seen)) {
                await().atMost(WITHIN).until(() -> seen.size() >= 7);
                await().during(Duration.ofMillis(500)).atMost(WITHIN).until(() -> seen.size() == 7);
            }
            assertThat(seen).containsExactlyElementsOf(IntStream.rangeClosed(4, 10)
                    .mapToObj(i -> new Seen(Integer.toString(i), "e" + i)).toList());
            assertThat(upstream.lastEventIds()).as("the agent resumed the upstream after its last stored event")
                    .endsWith("7");
            try (InputStream idle = open(second, "10", new CopyOnWriteArrayList<>())) {
                long t0 = System.nanoTime();
                assertThat(second.stop()).isIn(0, 143);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("a connected reader does not hold up a stop")
                        .isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    /** Opens the agent's event stream and collects what arrives, on a thread of its own. */
    private InputStream open(AgentProcess agent, String lastEventId, List<Seen> seen) throws Exception {
        HttpRequest.Builder request = agent.request("/v1/streams/feed/events").header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return SseReader.start(response.body(), e -> seen.add(new Seen(e.id(), e.data())));
    }


    private long stored(AgentProcess agent) throws Exception {
        HttpResponse<String> r = client.send(agent.request("/v1/streams/feed/events?after=0&limit=500")
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body()).getLong("next");
    }
}
