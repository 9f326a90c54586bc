package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * A second agent started on a data directory in use (a manual run next to the service, say) refuses to
 * start, and leaves the running agent and its store alone: before the lock it took the running PostgreSQL
 * for a crash's leftover and asked it to stop.
 */
class SharedDataDirIT {

    private static final Map<String, String> CONFIG = Map.of("outpost.routes.sink.url", "http://127.0.0.1:9/sink");

    @Test
    void aSecondAgentOnTheSameDataDirectoryRefusesToStart(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        HttpClient client = HttpClient.newHttpClient();
        try (AgentProcess first = new AgentProcess(data, CONFIG).start().awaitReady()) {
            String id = accept(client, first);
            try (AgentProcess second = new AgentProcess(data, CONFIG).start()) {
                Optional<Integer> exit = second.awaitExit(Duration.ofSeconds(60));
                assertThat(exit).as("the second agent exits by itself").isPresent();
                assertThat(exit.get()).isNotZero();
                assertThat(second.output()).contains("Another Outpost agent is running with the data directory");
            }
            assertThat(first.json("/v1/messages/" + id).getString("status")).isEqualTo("queued");
            accept(client, first); // its store still takes work
            assertThat(first.stop()).isIn(0, 143);
        }
    }

    private static String accept(HttpClient client, AgentProcess agent) throws Exception {
        HttpResponse<String> r = client.send(agent.request("/v1/routes/sink/messages")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return new JsonObject(r.body()).getString("id");
    }
}
