package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.vertx.core.json.JsonObject;

/**
 * SIGKILL of the packaged agent while a backlog goes out in batches of 100, then a restart: every message
 * arrives at least once, a duplicate carries its own key again (in the batch's {@code Outpost-Batch-Keys}), and
 * nothing is left queued or in flight.
 */
class BatchKillIT {

    private static final int MESSAGES = 5000;
    private static final int BATCH = 100;
    private static final int CONCURRENCY = 4;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void everyMemberArrivesAtLeastOnceAcrossAKillInMidBatch(@TempDir Path tmp) throws Exception {
        TestUpstream upstream = TestUpstream.shared();
        // answers wait until all is accepted (a backlog, however fast the agent drains), then take 200 ms each:
        // the kill comes with batches on their way and results on their way to the store
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        upstream.behave("batchsink", (r, n) -> Reply.status(204).after(200).heldUntil(accepted));
        Map<String, String> config = Map.of("outpost.routes.batchsink.url", upstream.url("batchsink"),
                "outpost.routes.batchsink.concurrency", String.valueOf(CONCURRENCY),
                "outpost.routes.batchsink.timeout", "60s",
                "outpost.routes.batchsink.batch.max-messages", String.valueOf(BATCH));
        Path data = tmp.resolve("data");
        try (AgentProcess first = new AgentProcess(data, config).start().awaitReady()) {
            acceptAll(first);
            accepted.complete(null);
            int atAccepted = members(upstream).size();
            await().atMost(Duration.ofSeconds(60)).until(() -> members(upstream).size() >= atAccepted + 1000);
            first.kill9();
        }
        int beforeRestart = members(upstream).size();
        assertThat(beforeRestart).as("killed in the middle of the drain").isLessThan(MESSAGES);

        try (AgentProcess second = new AgentProcess(data, config).start().awaitReady()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> perKey(upstream).size() == MESSAGES);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonObject route = second.json("/v1/routes/batchsink");
                assertThat(route.getLong("queued")).isZero();
                assertThat(route.getLong("delivering")).isZero();
                assertThat(route.getLong("dead")).isZero();
            });
        }
        Map<String, Integer> perKey = perKey(upstream);
        assertThat(perKey.keySet()).allMatch(k -> k.startsWith("m-")).hasSize(MESSAGES);
        int duplicates = members(upstream).size() - MESSAGES;
        System.out.printf("kill -9 in mid-batch: %d batch requests, %d members for %d messages, %d duplicate(s), "
                + "killed after %d%n", posts(upstream).size(), members(upstream).size(), MESSAGES, duplicates,
                beforeRestart);
        assertThat(duplicates).as("at most the batches in flight or awaiting their result at the kill")
                .isLessThanOrEqualTo(2 * CONCURRENCY * BATCH);
    }

    private void acceptAll(AgentProcess agent) throws InterruptedException {
        Semaphore window = new Semaphore(64);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            window.acquire();
            calls.add(client.sendAsync(agent.request("/v1/routes/batchsink/messages").header("Idempotency-Key", "m-" + i)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> window.release()));
        }
        calls.forEach(c -> assertThat(c.join().statusCode()).isEqualTo(202));
    }

    /** The batches' POSTs, without the connectivity checks (HEAD) the route also gets. */
    private static List<Recorded> posts(TestUpstream upstream) {
        return upstream.requests("batchsink").stream().filter(r -> r.method().equals("POST")).toList();
    }

    /** Every member's key, once per time it arrived, from the batches' key lists. */
    private static List<String> members(TestUpstream upstream) {
        List<String> keys = new ArrayList<>();
        for (Recorded r : posts(upstream)) {
            String header = r.header("Outpost-Batch-Keys");
            List<String> listed = new ArrayList<>();
            for (String quoted : header.split(",")) {
                listed.add(quoted.substring(1, quoted.length() - 1));
            }
            assertThat(r.body().toString().split("\n")).hasSameSizeAs(listed);
            keys.addAll(listed);
        }
        return keys;
    }

    private static Map<String, Integer> perKey(TestUpstream upstream) {
        Map<String, Integer> counts = new HashMap<>();
        members(upstream).forEach(k -> counts.merge(k, 1, Integer::sum));
        return counts;
    }
}
