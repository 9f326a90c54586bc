package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * Durability of accepted messages: every message that got its 202 is in the store after the agent is
 * killed with SIGKILL and started again, exactly once. The restart also has to cope with the postmaster
 * the killed agent left behind.
 */
class KillDashNineIT {

    private static final int MESSAGES = 1000;
    private static final Map<String, String> CONFIG = Map.of("outpost.routes.sink.url", "http://127.0.0.1:9/sink");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void everyAcceptedMessageSurvivesKillDashNine(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Set<String> accepted;
        try (AgentProcess first = new AgentProcess(data, CONFIG).start().awaitReady()) {
            accepted = postConcurrently(first);
            first.kill9();
            assertThat(first.postmaster()).as("the killed agent's postmaster is still running").isPresent();
        }
        assertThat(accepted).hasSize(MESSAGES);

        try (AgentProcess second = new AgentProcess(data, CONFIG).start().awaitReady()) {
            List<String> stored = second.messageIds("sink");
            assertThat(new HashSet<>(stored)).hasSize(stored.size());
            assertThat(stored).containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(second.stop()).as("exit status after SIGTERM").isIn(0, 143);
            assertThat(second.postmaster()).as("a clean stop stops the embedded store").isEmpty();
        }
        assertThat(Files.exists(data.resolve("pg/postmaster.pid"))).isFalse();
    }

    /**
     * Posts every message at once, as a well-behaved client does: each with its own Idempotency-Key, and a
     * 503 (a commit that did not finish in time on a loaded machine) retried with the same key, which
     * answers 200 with the first record if that commit did land after all.
     */
    private Set<String> postConcurrently(AgentProcess agent) {
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, MESSAGES)
                .mapToObj(i -> post(agent, i, 1)).toList();
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.join();
            assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
            ids.add(new JsonObject(r.body()).getString("id"));
        }
        return ids;
    }

    private CompletableFuture<HttpResponse<String>> post(AgentProcess agent, int i, int attempt) {
        return client.sendAsync(agent.request("/v1/routes/sink/messages")
                .header("Content-Type", "application/json").header("Idempotency-Key", "kill9-" + i)
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build(),
                HttpResponse.BodyHandlers.ofString())
                .thenCompose(r -> r.statusCode() != 503 || attempt == 5 ? CompletableFuture.completedFuture(r)
                        : CompletableFuture.supplyAsync(() -> null,
                                CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS))
                                .thenCompose(x -> post(agent, i, attempt + 1)));
    }
}
