package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.outpost.store.TestPostgres;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;

/**
 * Priority in fleet mode, as the README promises it: per agent. Two packaged agents share one PostgreSQL;
 * 200 messages of priority 9 and then 20 of priority 0 are accepted through both while the upstream is down.
 * When it is back, each agent sends every urgent message it sends before any less urgent one (the urgent
 * ones are claimed first by whichever agent asks first), and every message arrives once. The route's
 * {@code concurrency=4} holds for the fleet: each agent takes half, so no more than 4 are in flight at the
 * upstream (8 when each agent took the whole limit), and each says so in {@code GET /v1/routes/{route}}.
 */
class FleetPriorityIT {

    private static final int LOW = 200;
    private static final int URGENT = 20;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void eachAgentSendsTheUrgentMessagesFirstAfterAnOutage(@TempDir Path tmp) throws Exception {
        TestUpstream.Switchable back = TestUpstream.switchable("fleet-priority");
        back.down();
        try (TestPostgres pg = TestPostgres.start(tmp.resolve("external"), 40)) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres")); Statement s = c.createStatement()) {
                s.execute("create user agent password 'agent-secret'");
                s.execute("create database outbox owner agent");
            }
            String url = "postgresql://127.0.0.1:" + pg.port() + "/outbox";
            AgentProcess[] agents = { agent(tmp, "a", url, back), agent(tmp, "b", url, back) };
            try {
                for (AgentProcess a : agents) {
                    a.start();
                }
                for (AgentProcess a : agents) {
                    a.awaitReady();
                }
                for (int i = 0; i < LOW; i++) {
                    accept(agents[i % 2], "low-" + i, 9);
                }
                for (int i = 0; i < URGENT; i++) {
                    accept(agents[i % 2], "urgent-" + i, 0);
                }
                for (AgentProcess a : agents) { // both have tried and found the upstream down
                    await().atMost(Duration.ofSeconds(20)).until(() -> !a.json("/v1/routes/fleet-priority")
                            .getBoolean("reachable"));
                }
                for (AgentProcess a : agents) { // each has seen the other's heartbeat
                    await().atMost(Duration.ofSeconds(10)).until(() -> a.json("/v1/routes/fleet-priority")
                            .getJsonObject("fleetShare").getInteger("agents") == 2);
                    assertThat(a.json("/v1/routes/fleet-priority").getJsonObject("fleetShare")
                            .getInteger("concurrency")).isEqualTo(2);
                }
                TestUpstream upstream = back.up();
                // slow answers, so that each agent fills the places it may take
                upstream.behave("fleet-priority", (r, n) -> TestUpstream.Reply.status(200).after(20));
                await().atMost(Duration.ofSeconds(60)).until(() -> keys(upstream).size() == LOW + URGENT);
                await().atMost(Duration.ofSeconds(10)).until(() -> posts(upstream).stream()
                        .allMatch(r -> upstream.answeredAt(r) != null));
                int peak = upstream.peakInFlight(posts(upstream));
                System.out.printf("fleet priority: at most %d in flight at the upstream%n", peak);
                assertThat(peak).as("the route's concurrency, for the fleet").isLessThanOrEqualTo(4);
                for (String id : List.of("a", "b")) { // each agent kept to its half (it would take 4 alone)
                    List<Recorded> own = posts(upstream).stream().filter(r -> id.equals(r.header("X-Agent"))).toList();
                    System.out.printf("fleet priority: agent %s had at most %d in flight%n", id, upstream.peakInFlight(own));
                    assertThat(upstream.peakInFlight(own)).as("agent " + id + "'s share").isLessThanOrEqualTo(2);
                }

                List<Recorded> seen = posts(upstream).stream()
                        .sorted((x, y) -> Long.compare(x.nanos(), y.nanos())).toList();
                Map<String, List<String>> byAgent = seen.stream().collect(Collectors.groupingBy(
                        r -> r.header("X-Agent"), Collectors.mapping(r -> r.header("Idempotency-Key"),
                                Collectors.toList())));
                byAgent.forEach((agent, keys) -> {
                    int lastUrgent = -1;
                    int firstLow = keys.size();
                    for (int i = 0; i < keys.size(); i++) {
                        if (keys.get(i).startsWith("urgent")) {
                            lastUrgent = i;
                        } else {
                            firstLow = Math.min(firstLow, i);
                        }
                    }
                    System.out.printf("fleet priority: agent %s sent %d, its urgent ones up to #%d, low from #%d%n",
                            agent, keys.size(), lastUrgent, firstLow);
                    assertThat(lastUrgent).as("agent " + agent + ": every urgent one before its first low one")
                            .isLessThan(firstLow);
                });
                assertThat(seen).as("each message once").hasSize(LOW + URGENT);
            } finally {
                for (AgentProcess a : agents) {
                    a.close();
                }
                back.down();
            }
        }
    }

    private static List<String> keys(TestUpstream upstream) {
        return posts(upstream).stream().map(r -> r.header("Idempotency-Key")).distinct().toList();
    }

    /** The deliveries (the connectivity probes are HEADs). */
    private static List<Recorded> posts(TestUpstream upstream) {
        return upstream.requests("fleet-priority").stream().filter(r -> r.method().equals("POST")).toList();
    }

    private void accept(AgentProcess agent, String key, int priority) throws Exception {
        HttpRequest request = agent.request("/v1/routes/fleet-priority/messages").header("Idempotency-Key", key)
                .header("Outpost-Priority", Integer.toString(priority))
                .POST(HttpRequest.BodyPublishers.ofString("{\"m\":\"" + key + "\"}")).build();
        assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
    }

    private static AgentProcess agent(Path tmp, String id, String url, TestUpstream.Switchable back)
            throws Exception {
        Map<String, String> config = new HashMap<>(Map.of(
                "quarkus.datasource.reactive.url", url,
                "quarkus.datasource.username", "agent",
                "quarkus.datasource.password", "agent-secret",
                "outpost.fleet.agent-id", id,
                "outpost.delivery.claim-lease", "3s",
                "outpost.routes.fleet-priority.url", back.url("fleet-priority"),
                "outpost.routes.fleet-priority.concurrency", "4",
                "outpost.routes.fleet-priority.headers.X-Agent", id));
        return new AgentProcess(tmp.resolve("data-" + id), config);
    }
}
