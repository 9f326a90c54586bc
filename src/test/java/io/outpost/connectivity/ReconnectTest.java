package io.outpost.connectivity;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.acceptConcurrently;
import static io.outpost.testing.Agent.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.outpost.testing.Metrics;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The upstream of route "comeback" is stopped for 15 s while 500 messages are accepted, then started
 * again. Route: concurrency 8, backoff 1-30 s; connectivity: 3 failures mark it unreachable, probes every
 * 375-750 ms. During the outage the agent may send the first window of deliveries (up to 8, while the
 * link is still believed up) and then only probes: about one per 375-750 ms of the outage as it lasted
 * (at least 15 s; the accepts can take longer on a loaded machine), less the time to mark it unreachable.
 * 15 s is past the 1-30 s backoff's first steps, so a storm of retries would show; a longer outage only
 * waits longer.
 */
@QuarkusTest
class ReconnectTest {

    private static final Duration OUTAGE = Duration.ofSeconds(15);

    /** The deliveries, without the probes (HEAD) that found the upstream back. */
    static List<Recorded> posts(TestUpstream server) {
        return server.requests("comeback").stream().filter(r -> r.method().equals("POST")).toList();
    }

    /** Every tenth urgent, every tenth in an ordering key, the rest plain. */
    private static String acceptMixed(int i) {
        if (i % 10 == 3) {
            return accept("comeback", "urgent-" + i, Map.of("Outpost-Priority", "0"));
        } else if (i % 10 == 7) {
            return accept("comeback", "k" + (i % 5) + ":" + i, Map.of("Outpost-Ordering-Key", "k" + (i % 5)));
        }
        return accept("comeback", "plain-" + i);
    }

    @Test
    void drainStartsWithinASecondOfTheUpstreamReturningInOrderAndWithoutAStorm() {
        TestUpstream.Switchable upstream = TestUpstream.switchable("comeback");
        upstream.down();
        double attemptsBefore = Metrics.scrape().count("outpost_delivery_latency_seconds_count{outcome=\"error\",route=\"comeback\"}");
        long outageStart = System.nanoTime();
        List<String> p0 = new ArrayList<>();
        for (int i = 3; i < 500; i += 10) {
            p0.add("urgent-" + i);
        }
        // ten lanes side by side: lane 7 accepts every keyed message, in order
        acceptConcurrently(10, 500, ReconnectTest::acceptMixed);
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(
                api().get("/v1/network").then().extract().path("routes.comeback.reachable")));
        assertThat(api().get("/v1/network").then().extract().path("state").toString()).isIn("degraded", "offline");
        given().get("/q/health/ready").then().statusCode(200);

        await().atMost(OUTAGE.plusSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> System.nanoTime() - outageStart >= OUTAGE.toNanos());
        Metrics afterOutage = Metrics.scrape();
        double deliveries = afterOutage.count(
                "outpost_delivery_latency_seconds_count{outcome=\"error\",route=\"comeback\"}") - attemptsBefore;
        double probes = afterOutage.value("outpost_connectivity_probes_total{result=\"failed\",route=\"comeback\"}");
        assertThat(deliveries).as("deliveries tried during the outage").isLessThanOrEqualTo(8 + 3);
        // the accepts above can outlast OUTAGE on a loaded machine: bound the probes by the outage as it was
        double outageSeconds = (System.nanoTime() - outageStart) / 1e9;
        assertThat(probes).as("probes during a %.1f s outage", outageSeconds)
                .isBetween(outageSeconds / 2, outageSeconds / 0.375 + 10);

        long upAt = System.nanoTime();
        TestUpstream server = upstream.up();
        server.behave("comeback", (r, n) -> Reply.status(204));
        await().atMost(Duration.ofSeconds(60)).until(() -> posts(server).size() >= 500);

        List<Recorded> seen = posts(server);
        long firstMillis = (seen.stream().mapToLong(Recorded::nanos).min().orElseThrow() - upAt) / 1_000_000;
        assertThat(firstMillis).as("first delivery after the upstream came back, ms").isLessThan(1000);
        // Sent in priority order over up to 8 connections: a request sent just after the last urgent one
        // may still arrive before it, so the urgent ones are all among the first 50 + 7 arrivals.
        assertThat(seen.subList(0, p0.size() + 7)).extracting(r -> r.body().toString())
                .as("the urgent messages went first").containsAll(p0);
        Map<String, List<Recorded>> byKey = new HashMap<>();
        seen.stream().filter(r -> r.body().toString().startsWith("k"))
                .forEach(r -> byKey.computeIfAbsent(r.body().toString().split(":")[0], k -> new ArrayList<>()).add(r));
        byKey.values().forEach(list -> {
            list.sort(Comparator.comparingLong(Recorded::nanos));
            assertThat(list).extracting(r -> Integer.parseInt(r.body().toString().split(":")[1])).isSorted();
        });
        assertThat(byKey.values().stream().mapToInt(List::size).sum()).isEqualTo(50);
        assertThat(seen.stream().map(r -> r.header("Idempotency-Key")).distinct().count()).isEqualTo(500);
    }
}
