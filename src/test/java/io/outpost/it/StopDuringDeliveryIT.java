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
 * SIGTERM while 3,000 messages are being delivered, then a restart, one agent on its embedded store: the stop
 * lets the attempts in flight finish and records every result before the store closes, so nothing is sent
 * twice and nothing is left queued or delivering.
 */
class StopDuringDeliveryIT {

    private static final int MESSAGES = 3000;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aCleanStopInMidDrainSendsNothingTwice(@TempDir Path tmp) throws Exception {
        TestUpstream upstream = TestUpstream.shared();
        upstream.behave("stop", (r, n) -> Reply.status(204).after(20));
        Map<String, String> config = Map.of("outpost.routes.stop.url", upstream.url("stop"),
                "outpost.routes.stop.concurrency", "8");
        Path data = tmp.resolve("data");
        try (AgentProcess first = new AgentProcess(data, config).start().awaitReady()) {
            acceptAll(first);
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(upstream).size() >= 300);
            first.stop();
            assertThat(first.output()).as("the stop's log").contains("every result recorded");
        }
        int beforeRestart = deliveries(upstream).size();
        assertThat(beforeRestart).as("stopped in the middle of the drain").isLessThan(MESSAGES);

        try (AgentProcess second = new AgentProcess(data, config).start().awaitReady()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> keys(upstream).size() == MESSAGES);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonObject route = second.json("/v1/routes/stop");
                assertThat(route.getLong("queued")).isZero();
                assertThat(route.getLong("delivering")).isZero();
            });
        }
        List<Recorded> seen = deliveries(upstream);
        Map<String, Long> perKey = seen.stream().collect(Collectors.groupingBy(r -> r.header("Idempotency-Key"),
                Collectors.counting()));
        System.out.printf("SIGTERM during delivery: %d requests for %d messages, stopped after %d%n", seen.size(),
                MESSAGES, beforeRestart);
        assertThat(perKey).hasSize(MESSAGES);
        assertThat(perKey.entrySet()).as("sent twice").filteredOn(e -> e.getValue() > 1).isEmpty();
    }

    private void acceptAll(AgentProcess agent) throws InterruptedException {
        Semaphore window = new Semaphore(64);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            window.acquire();
            calls.add(client.sendAsync(agent.request("/v1/routes/stop/messages").header("Idempotency-Key", "s-" + i)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> window.release()));
        }
        calls.forEach(c -> assertThat(c.join().statusCode()).isEqualTo(202));
    }

    private static List<Recorded> deliveries(TestUpstream upstream) {
        return upstream.requests("stop").stream().filter(r -> r.method().equals("POST")).toList();
    }

    private static Set<String> keys(TestUpstream upstream) {
        return deliveries(upstream).stream().map(r -> r.header("Idempotency-Key")).collect(Collectors.toSet());
    }
}
