package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.vertx.core.buffer.Buffer;

/**
 * The persistent cache layer across a restart of the packaged agent: a fresh stored response is served
 * from the store without asking the upstream, and with the upstream stopped a stale one stands in for it.
 */
class CacheRestartIT {

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> fetch(AgentProcess agent, String path) throws Exception {
        return client.send(agent.request("/v1/routes/reads/fetch" + path).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private double storeBytes(AgentProcess agent) throws Exception {
        String metrics = client.send(agent.request("/q/metrics").build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("outpost_cache_bytes\\{layer=\"store\"[^}]*\\} (\\S+)").matcher(metrics);
        assertThat(m.find()).as("outpost_cache_bytes{layer=\"store\"} in %s", metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The reads the upstream served, without the connectivity checks (HEAD) the route also gets. */
    private static int gets(TestUpstream upstream) {
        return (int) upstream.requests("reads").stream().filter(r -> r.method().equals("GET")).count();
    }

    @Test
    void storedResponsesSurviveARestart(@TempDir Path tmp) throws Exception {
        TestUpstream.Switchable switchable = TestUpstream.switchable("reads");
        TestUpstream upstream = switchable.up();
        upstream.behave("reads", (r, n) -> r.path().endsWith("/fresh")
                ? Reply.status(200).withHeader("Cache-Control", "max-age=3600").withBody(Buffer.buffer("kept fresh"))
                : Reply.status(200).withHeader("Cache-Control", "max-age=0").withBody(Buffer.buffer("kept stale")));
        Map<String, String> config = Map.of("outpost.routes.reads.url", switchable.url("reads"),
                "outpost.routes.reads.timeout", "1s");
        Path data = tmp.resolve("data");
        try (AgentProcess first = new AgentProcess(data, config).start().awaitReady()) {
            assertThat(fetch(first, "/fresh").headers().firstValue("Outpost-Cache")).contains("miss");
            assertThat(fetch(first, "/old").headers().firstValue("Outpost-Cache")).contains("miss");
            assertThat(fetch(first, "/fresh").headers().firstValue("Outpost-Cache")).contains("hit");
            // the store write follows the answer; the store's byte gauge shows when both have landed
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(storeBytes(first)).isPositive());
            assertThat(first.stop()).isIn(0, 143);
        }
        int before = gets(upstream);
        try (AgentProcess second = new AgentProcess(data, config).start().awaitReady()) {
            HttpResponse<String> fresh = fetch(second, "/fresh");
            assertThat(fresh.headers().firstValue("Outpost-Cache")).contains("hit");
            assertThat(fresh.body()).isEqualTo("kept fresh");
            assertThat(gets(upstream)).as("served from the store").isEqualTo(before);
            switchable.down();
            HttpResponse<String> stale = fetch(second, "/old");
            assertThat(stale.statusCode()).isEqualTo(200);
            assertThat(stale.headers().firstValue("Outpost-Cache")).contains("stale");
            assertThat(stale.body()).isEqualTo("kept stale");
        } finally {
            switchable.down();
        }
    }
}
