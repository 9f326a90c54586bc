package io.outpost.delivery;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.api;
import static io.outpost.testing.Agent.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.outpost.testing.Metrics;
import io.outpost.testing.ShiftedClock;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.outpost.testing.UpstreamResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A metered route (concurrency 1, a budget of {@value #LIMIT} bytes a day, reserve priority 1) against a real
 * loopback upstream, the agent's clock shifted by hand: within the budget the more urgent backlog goes first; once
 * it is spent, priority 5 waits (queued, no attempt counted) while priority 0 and 1 still flow; what the agent
 * counted is what the upstream received; the day rolling over lets the rest go.
 */
@QuarkusTest
@TestProfile(BudgetDeliveryTest.Metered.class)
@WithTestResource(value = UpstreamResource.class, scope = TestResourceScope.GLOBAL)
class BudgetDeliveryTest {

    static final int LIMIT = 2500;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BODY = "{\"sensor\":\"t-17\",\"celsius\":21.5,\"seq\":%d,\"pad\":\"%s\"}";

    public static class Metered implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(ShiftedClock.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("outpost.routes.metered.budget", LIMIT + "B/1d",
                    "outpost.routes.metered.budget.reserve-priority", "1");
        }
    }

    private final TestUpstream upstream = TestUpstream.shared();

    @Test
    void priorityDecidesWhatTheBudgetCarries() {
        ShiftedClock.moveTo(Instant.parse("2031-03-10T09:00:00Z")); // a day no earlier run of this test spent
        CompletableFuture<Void> release = new CompletableFuture<>();
        upstream.behave("metered", (r, n) -> n == 1 ? Reply.status(204).heldUntil(release) : Reply.status(204));
        String blocker = accept("metered", body(0), Map.of("Outpost-Priority", "5", "Content-Type", "application/json"));
        await().atMost(WAIT).until(() -> upstream.requests("metered").size() == 1);
        // the backlog that builds up behind it: ten of priority 5 first, then four of priority 3
        List<String> low = new ArrayList<>();
        List<String> mid = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            low.add(accept("metered", body(i), Map.of("Outpost-Priority", "5", "Content-Type", "application/json")));
        }
        for (int i = 11; i <= 14; i++) {
            mid.add(accept("metered", body(i), Map.of("Outpost-Priority", "3", "Content-Type", "application/json")));
        }
        release.complete(null);

        // sending stops at the budget: the held ones are back in the queue until midnight UTC, no attempt counted
        await().atMost(WAIT).until(() -> held(low).size() + held(mid).size() > 0
                && delivered(low).size() + held(low).size() == low.size());
        JsonPath route = budget();
        long spent = route.getLong("budget.spent");
        assertThat(spent).isGreaterThanOrEqualTo(LIMIT);
        assertThat(route.getString("budget.resetsAt")).isEqualTo("2031-03-11T00:00:00Z");
        assertThat(route.getLong("budget.limit")).isEqualTo(LIMIT);
        List<Recorded> sent = upstream.requests("metered");
        assertThat(spent).as("what the agent counted is what reached the upstream").isEqualTo(wire(sent));
        assertThat(wire(sent.subList(0, sent.size() - 1))).as("the last one sent crossed the limit").isLessThan(LIMIT);
        assertThat(sent.stream().skip(1).limit(mid.size()).map(r -> r.body().toString()))
                .as("within the budget, the more urgent backlog went first").allMatch(b -> b.matches(".*\"seq\":1[1-4],.*"));
        String heldId = held(low).get(0);
        JsonPath waiting = message(heldId);
        assertThat(waiting.getInt("attempts")).isZero();
        assertThat(waiting.getString("nextAttemptAt")).isEqualTo("2031-03-11T00:00:00Z");
        assertThat(message(blocker).getString("status")).isEqualTo("delivered");

        // the reserve still flows, anything less urgent waits
        String urgent = accept("metered", body(20), Map.of("Outpost-Priority", "0"));
        String reserve = accept("metered", body(21), Map.of("Outpost-Priority", "1"));
        String two = accept("metered", body(22), Map.of("Outpost-Priority", "2"));
        await().atMost(WAIT).until(() -> "delivered".equals(message(urgent).getString("status"))
                && "delivered".equals(message(reserve).getString("status")));
        await().atMost(WAIT).until(() -> message(two).getInt("attempts") == 0
                && "2031-03-11T00:00:00Z".equals(message(two).getString("nextAttemptAt")));
        assertThat(message(two).getString("status")).isEqualTo("queued");
        assertThat(budget().getLong("budget.spent")).as("the reserve counts too").isGreaterThan(spent);
        Metrics metrics = Metrics.scrape();
        assertThat(metrics.value("outpost_budget_limit_bytes{route=\"metered\"}")).isEqualTo(LIMIT);
        assertThat(metrics.value("outpost_budget_spent_bytes{route=\"metered\"}")).isGreaterThan(spent);
        assertThat(metrics.value("outpost_route_request_bytes_total{route=\"metered\"}")).isGreaterThan(spent);

        // each midnight lets the next budget's worth go, until everything is delivered
        List<String> all = new ArrayList<>(low);
        all.addAll(mid);
        all.add(two);
        Instant midnight = Instant.parse("2031-03-11T00:00:00Z");
        for (int day = 0; day < 5 && !delivered(all).containsAll(all); day++) {
            int before = delivered(all).size();
            ShiftedClock.moveTo(midnight.plus(Duration.ofDays(day)).plusSeconds(1));
            await().atMost(WAIT).until(() -> delivered(all).size() > before
                    && delivered(all).size() + held(all).size() == all.size());
        }
        assertThat(delivered(all)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(all.stream().mapToInt(id -> message(id).getInt("attempts"))).allMatch(a -> a == 1);
    }

    private static String body(int seq) {
        return String.format(BODY, seq, "x".repeat(150));
    }

    private static JsonPath budget() {
        return api().get("/v1/routes/metered").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> delivered(List<String> ids) {
        return ids.stream().filter(id -> "delivered".equals(message(id).getString("status"))).toList();
    }

    /** Queued for the next window, without an attempt spent. */
    private static List<String> held(List<String> ids) {
        return ids.stream().filter(id -> {
            JsonPath m = message(id);
            return "queued".equals(m.getString("status")) && m.getInt("attempts") == 0 && m.getString("nextAttemptAt")
                    .compareTo(ShiftedClock.now().toString()) > 0;
        }).toList();
    }

    /** The requests' bytes as the upstream received them: request line, headers, blank line, body. */
    static long wire(List<Recorded> requests) {
        long n = 0;
        for (Recorded r : requests) {
            n += (r.method() + " " + r.path() + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8).length;
            for (Map.Entry<String, String> h : r.headers()) {
                n += (h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8).length;
            }
            n += 2 + r.body().length();
        }
        return n;
    }
}
