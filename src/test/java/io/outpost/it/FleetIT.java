package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.outpost.store.TestPostgres;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.vertx.core.json.JsonObject;

/**
 * Three packaged agents on one PostgreSQL: 3,000 messages (600 of them over 10 ordering keys) accepted
 * through all three, a kill -9 of one in mid-drain and a graceful restart of another. Every message arrives;
 * a duplicate can only come from an attempt the killed agent had on its way; no key is delivered out of
 * accept order; nothing is left queued or delivering; the killed agent's claims are delivered by the others
 * within the lease (3 s here) plus a few seconds. The third agent accepts but has the route paused, so what it
 * accepts at the end is delivered by another, woken by its NOTIFY: within 50 ms (the median), not at the
 * 5 s poll.
 */
class FleetIT {

    private static final int MESSAGES = 3000;
    private static final int KEYS = 10;
    private static final int PER_KEY = 60;
    private static final Duration LEASE = Duration.ofSeconds(3);

    private static final int RETRIES = 10;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void threeAgentsShareTheOutboxThroughAKillAndARestart(@TempDir Path tmp) throws Exception {
        TestUpstream upstream = TestUpstream.shared();
        upstream.behave("fleet", (r, n) -> Reply.status(204).after(20));
        try (TestPostgres pg = TestPostgres.start(tmp.resolve("external"), 60)) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres")); Statement s = c.createStatement()) {
                s.execute("create user agent password 'agent-secret'");
                s.execute("create database outbox owner agent");
            }
            String url = "postgresql://127.0.0.1:" + pg.port() + "/outbox";
            AgentProcess[] agents = { agent(tmp, "a", url, upstream, false), agent(tmp, "b", url, upstream, false),
                    agent(tmp, "c", url, upstream, true) };
            try {
                for (AgentProcess a : agents) {
                    a.start();
                }
                for (AgentProcess a : agents) {
                    a.awaitReady();
                }
                acceptAll(agents);
                await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(upstream).size() >= 600);

                agents[0].kill9();
                long killed = System.nanoTime();
                List<String> orphaned = claimsOf(pg, "a");
                CompletableFuture<Double> recovered = CompletableFuture.supplyAsync(() -> {
                    await().atMost(LEASE.plusSeconds(30)).pollInterval(Duration.ofMillis(100))
                            .until(() -> delivered(pg, orphaned));
                    return (System.nanoTime() - killed) / 1e9;
                });
                double recovery = recovered.join();
                agents[1].stop();
                agents[1] = agent(tmp, "b", url, upstream, false).start().awaitReady();
                await().atMost(Duration.ofSeconds(120)).until(() -> firstDeliveries(upstream).size() == MESSAGES);
                JsonObject route = agents[2].json("/v1/routes/fleet");
                assertThat(route.getLong("queued")).isZero();
                assertThat(route.getLong("delivering")).isZero();

                List<Recorded> seen = deliveries(upstream);
                Map<String, List<Recorded>> byKey = seen.stream()
                        .collect(Collectors.groupingBy(r -> r.header("Idempotency-Key")));
                List<Map.Entry<String, List<Recorded>>> twice = byKey.entrySet().stream()
                        .filter(e -> e.getValue().size() > 1).toList();
                System.out.printf("fleet: %d requests for %d messages, %d sent twice, %d claims of the killed agent "
                        + "delivered %.1f s after the kill (lease %d s)%n", seen.size(), MESSAGES, twice.size(),
                        orphaned.size(), recovery, LEASE.toSeconds());
                assertThat(byKey).hasSize(MESSAGES);
                // Sent twice may be only what the killed agent had sent and not yet recorded: its claims at the
                // kill (requests in flight plus answers waiting in its result group), first sent by it.
                assertThat(twice).as("duplicates: only the killed agent's claims")
                        .allSatisfy(e -> assertThat(orphaned).contains(e.getKey()))
                        .allSatisfy(e -> assertThat(e.getValue().get(0).header("X-Agent")).isEqualTo("a"));
                assertKeyOrder(seen);
                assertThat(recovery).as("kill to the killed agent's claims delivered")
                        .isLessThan(LEASE.toSeconds() + 8.0);
                assertWokenAtOnce(agents[2], upstream);
            } finally {
                for (AgentProcess a : agents) {
                    a.close();
                }
            }
        }
    }

    private static AgentProcess agent(Path tmp, String id, String url, TestUpstream upstream, boolean paused)
            throws Exception {
        Map<String, String> config = new HashMap<>(Map.of(
                "quarkus.datasource.reactive.url", url,
                "quarkus.datasource.username", "agent",
                "quarkus.datasource.password", "agent-secret",
                "outpost.fleet.agent-id", id,
                "outpost.delivery.claim-lease", LEASE.toSeconds() + "s",
                "outpost.delivery.stop-timeout", "2s",
                "outpost.routes.fleet.url", upstream.url("fleet"),
                "outpost.routes.fleet.concurrency", "4",
                "outpost.routes.fleet.headers.X-Agent", id));
        config.put("outpost.routes.fleet.paused", Boolean.toString(paused));
        return new AgentProcess(tmp.resolve("data-" + id), config);
    }

    /** Keyed messages one after the other per key (their accept order), the rest in parallel, over all agents. */
    private void acceptAll(AgentProcess[] agents) throws Exception {
        List<CompletableFuture<Void>> keyed = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            int key = k;
            keyed.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < PER_KEY; i++) {
                    int status = accept(post(agents[(key + i) % agents.length], "k" + key + "-" + i)
                            .header("Outpost-Ordering-Key", "k" + key).build(), RETRIES).join();
                    assertThat(status).isEqualTo(202);
                }
            }));
        }
        Semaphore window = new Semaphore(48);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < MESSAGES - KEYS * PER_KEY; i++) {
            window.acquire();
            calls.add(accept(post(agents[i % agents.length], "u-" + i).build(), RETRIES)
                    .whenComplete((r, e) -> window.release()));
        }
        calls.forEach(c -> assertThat(c.join()).isEqualTo(202));
        keyed.forEach(CompletableFuture::join);
    }

    /**
     * Sends an accept. A 503 (the store past its 1.5 s deadline: seen at load 30, three agents and their store
     * on a busy machine) is sent again after its Retry-After with the same Idempotency-Key, as the API tells
     * clients to; the repeat then answers 200 with the first record, which counts as accepted (202). Every key
     * is sent once otherwise, so a 200 without a 503 before it would be a fault, and stays one.
     */
    private CompletableFuture<Integer> accept(HttpRequest request, int retries) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(r -> {
            if (r.statusCode() != 503 || retries == 0) {
                return CompletableFuture.completedFuture(r.statusCode());
            }
            long wait = r.headers().firstValue("Retry-After").filter(v -> v.matches("\\d+")).map(Long::parseLong)
                    .orElse(1L);
            return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(Math.max(1, wait),
                    TimeUnit.SECONDS)).thenCompose(x -> accept(request, retries - 1))
                    .thenApply(status -> status == 200 ? 202 : status);
        });
    }

    private static HttpRequest.Builder post(AgentProcess agent, String key) {
        return agent.request("/v1/routes/fleet/messages").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"m\":\"" + key + "\"}"));
    }

    /** Messages accepted one at a time by the paused agent reach the upstream through a woken one. */
    private void assertWokenAtOnce(AgentProcess paused, TestUpstream upstream) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "w-" + i;
            assertThat(client.send(post(paused, key).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(202);
            long accepted = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                    .until(() -> firstDeliveries(upstream).containsKey(key));
            millis.add((firstDeliveries(upstream).get(key).nanos() - accepted) / 1_000_000);
        }
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("fleet: accepted by the paused agent, delivered by another after %d ms (median), %d ms "
                + "(max)%n", sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
        assertThat(sorted.get(sorted.size() / 2)).as("median wake-up, ms").isLessThan(50);
    }

    /** Per ordering key, the messages arrive in accept order (a redelivery repeats the head, never an older one). */
    private static void assertKeyOrder(List<Recorded> seen) {
        Map<String, Integer> last = new HashMap<>();
        seen.stream().sorted((x, y) -> Long.compare(x.nanos(), y.nanos())).forEach(r -> {
            String k = r.header("Idempotency-Key");
            if (k.startsWith("k")) {
                String key = k.substring(0, k.indexOf('-'));
                int n = Integer.parseInt(k.substring(k.indexOf('-') + 1));
                assertThat(n).as("order of key " + key).isGreaterThanOrEqualTo(last.getOrDefault(key, 0));
                last.put(key, n);
            }
        });
    }

    private static List<String> claimsOf(TestPostgres pg, String agent) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("outbox", "agent")); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select idempotency_key from outbox_message where status = 'delivering' "
                        + "and claimed_by = '" + agent + "'")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static boolean delivered(TestPostgres pg, List<String> ids) throws Exception {
        if (ids.isEmpty()) {
            return true;
        }
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("outbox", "agent")); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from outbox_message where status = 'delivered' "
                        + "and idempotency_key in ('" + String.join("','", ids) + "')")) {
            rs.next();
            return rs.getInt(1) == ids.size();
        }
    }

    private static List<Recorded> deliveries(TestUpstream upstream) {
        return upstream.requests("fleet").stream().filter(r -> r.method().equals("POST")).toList();
    }

    private static Map<String, Recorded> firstDeliveries(TestUpstream upstream) {
        return deliveries(upstream).stream().collect(Collectors.toMap(r -> r.header("Idempotency-Key"), r -> r,
                (x, y) -> x));
    }
}
