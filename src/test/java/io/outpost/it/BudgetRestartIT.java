package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.vertx.core.json.JsonObject;

/**
 * The packaged agent with a metered route (a budget of {@value #LIMIT} bytes a day, reserve priority 1), killed
 * with SIGKILL once the budget is spent and started again: the spent amount is the store's, so a priority-5 message
 * accepted after the restart waits for the next day while a priority-0 one is sent.
 */
class BudgetRestartIT {

    private static final int LIMIT = 1500;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final TestUpstream upstream = TestUpstream.shared();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void release() {
        TestUpstream.release();
    }

    @Test
    void theSpentAmountSurvivesKillDashNine(@TempDir Path tmp) throws Exception {
        Map<String, String> config = Map.of("outpost.routes.metered.url", upstream.url("metered"),
                "outpost.routes.metered.concurrency", "1", "outpost.routes.metered.budget", LIMIT + "B/1d",
                "outpost.routes.metered.budget.reserve-priority", "1");
        Path data = tmp.resolve("data");
        List<String> low = new ArrayList<>();
        long spent;
        try (AgentProcess first = new AgentProcess(data, config).start().awaitReady()) {
            for (int i = 0; i < 10; i++) {
                low.add(accept(first, i, 5));
            }
            await().atMost(WAIT).until(() -> settled(first, low));
            spent = first.json("/v1/routes/metered").getJsonObject("budget").getLong("spent");
            assertThat(spent).isGreaterThanOrEqualTo(LIMIT).isEqualTo(wire(upstream.requests("metered")));
            first.kill9();
        }
        int sentBefore = posts(upstream.requests("metered")).size();
        assertThat(sentBefore).isBetween(2, 9);

        try (AgentProcess second = new AgentProcess(data, config).start().awaitReady()) {
            JsonObject budget = second.json("/v1/routes/metered").getJsonObject("budget");
            assertThat(budget.getLong("spent")).as("spent after the restart").isEqualTo(spent);
            String fresh = accept(second, 20, 5);
            String urgent = accept(second, 21, 0);
            await().atMost(WAIT).until(() -> "delivered".equals(second.json("/v1/messages/" + urgent).getString("status")));
            await().atMost(WAIT).until(() -> budget.getString("resetsAt")
                    .equals(second.json("/v1/messages/" + fresh).getString("nextAttemptAt")));
            JsonObject waiting = second.json("/v1/messages/" + fresh);
            assertThat(waiting.getString("status")).isEqualTo("queued");
            assertThat(waiting.getInteger("attempts")).isZero();
            assertThat(posts(upstream.requests("metered"))).as("only the urgent one went out after the restart")
                    .hasSize(sentBefore + 1);
            assertThat(second.json("/v1/routes/metered").getJsonObject("budget").getLong("spent"))
                    .isEqualTo(wire(upstream.requests("metered")));
        }
    }

    /** Every message is delivered or waits for the next window (no attempt spent). */
    private static boolean settled(AgentProcess agent, List<String> ids) throws Exception {
        int held = 0;
        for (String id : ids) {
            JsonObject m = agent.json("/v1/messages/" + id);
            boolean waits = "queued".equals(m.getString("status")) && m.getInteger("attempts") == 0
                    && m.getString("nextAttemptAt").endsWith("T00:00:00Z");
            if (!waits && !"delivered".equals(m.getString("status"))) {
                return false;
            }
            held += waits ? 1 : 0;
        }
        return held > 0;
    }

    private static List<Recorded> posts(List<Recorded> requests) {
        return requests.stream().filter(r -> r.method().equals("POST")).toList();
    }

    private String accept(AgentProcess agent, int seq, int priority) throws Exception {
        HttpResponse<String> r = client.send(agent.request("/v1/routes/metered/messages")
                .header("Content-Type", "application/json").header("Outpost-Priority", Integer.toString(priority))
                .POST(HttpRequest.BodyPublishers.ofString("{\"seq\":" + seq + ",\"pad\":\"" + "x".repeat(200) + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return new JsonObject(r.body()).getString("id");
    }

    /**
     * The deliveries' bytes as the upstream received them: request line, headers, blank line, body. The link
     * monitor's probes (GET, on their own client, outside the pipeline) are not charged.
     */
    private static long wire(List<Recorded> requests) {
        long n = 0;
        for (Recorded r : posts(requests)) {
            n += (r.method() + " " + r.path() + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8).length;
            for (Map.Entry<String, String> h : r.headers()) {
                n += (h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8).length;
            }
            n += 2 + r.body().length();
        }
        return n;
    }
}
