package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.vertx.core.json.JsonObject;

/**
 * SIGKILL while 5,000 messages are being delivered, then a restart: every message arrives at least once,
 * any duplicate carries the same Idempotency-Key, and nothing is left queued or in flight.
 */
class KillDuringDeliveryIT {

    private static final int MESSAGES = 5000;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void everyMessageArrivesAtLeastOnceAcrossAKill(@TempDir Path tmp) throws Exception {
        TestUpstream upstream = TestUpstream.shared();
        upstream.behave("sink", (r, n) -> Reply.status(204).after(3));
        Map<String, String> config = Map.of("outpost.routes.sink.url", upstream.url("sink"),
                "outpost.routes.sink.concurrency", "4");
        Path data = tmp.resolve("data");
        try (AgentProcess first = new AgentProcess(data, config).start().awaitReady()) {
            acceptAll(first);
            int atAccepted = deliveries(upstream).size();
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(upstream).size() >= atAccepted + 500);
            first.kill9();
        }
        int beforeRestart = deliveries(upstream).size();
        assertThat(beforeRestart).as("killed in the middle of the drain").isLessThan(MESSAGES);

        try (AgentProcess second = new AgentProcess(data, config).start().awaitReady()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> keys(upstream).size() == MESSAGES);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonObject route = second.json("/v1/routes/sink");
                assertThat(route.getLong("queued")).isZero();
                assertThat(route.getLong("delivering")).isZero();
            });
        }
        List<Recorded> seen = deliveries(upstream);
        Map<String, Long> perKey = seen.stream().collect(Collectors.groupingBy(r -> r.header("Idempotency-Key"),
                Collectors.counting()));
        assertThat(perKey.keySet()).allMatch(k -> k.startsWith("m-")).hasSize(MESSAGES);
        long duplicates = seen.size() - MESSAGES;
        System.out.printf("kill -9 during delivery: %d requests for %d messages, %d duplicate(s), killed after %d%n",
                seen.size(), MESSAGES, duplicates, beforeRestart);
        assertThat(duplicates).as("at most what was in flight at the kill").isLessThanOrEqualTo(4 + 16);
    }

    private void acceptAll(AgentProcess agent) throws InterruptedException {
        Semaphore window = new Semaphore(64);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            window.acquire();
            calls.add(client.sendAsync(agent.request("/v1/routes/sink/messages").header("Idempotency-Key", "m-" + i)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> window.release()));
        }
        calls.forEach(c -> assertThat(c.join().statusCode()).isEqualTo(202));
    }

    /** The POSTs of the messages, without the connectivity checks (HEAD) the route also gets. */
    private static List<Recorded> deliveries(TestUpstream upstream) {
        return upstream.requests("sink").stream().filter(r -> r.method().equals("POST")).toList();
    }

    private static Set<String> keys(TestUpstream upstream) {
        return deliveries(upstream).stream().map(r -> r.header("Idempotency-Key")).collect(Collectors.toSet());
    }
}
