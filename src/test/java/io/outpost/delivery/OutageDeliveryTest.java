package io.outpost.delivery;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.api;
import static io.outpost.testing.Agent.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An upstream that fails for 10 s, then recovers. Route "outage": concurrency 4, circuit breaker over
 * 4 requests at ratio 0.5 with a 2.5 s delay. So during the outage the agent may send the first window
 * (4 requests, concurrently) and then one half-open probe per 2.5 s: 4 + 10 / 2.5 + 1 = 9. The bound below
 * adds a little slack for timer jitter; without the breaker, 20 messages retried with backoff capped at
 * 2.5 s would make about 80 requests. 10 s is four breaker delays: enough half-open probes to count (the
 * outage, the delay and the backoff cap are the 20 s, 5 s and 5 s of before, halved: the same counts).
 */
@QuarkusTest
class OutageDeliveryTest {

    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final int BOUND = 13;

    private final TestUpstream upstream = TestUpstream.shared();

    @Test
    void outageCostsOnlyWhatTheBreakerAllowsAndNothingIsLost() {
        long start = System.nanoTime();
        long end = start + OUTAGE.toNanos();
        upstream.behave("outage", (r, n) -> System.nanoTime() < end ? Reply.status(503) : Reply.status(204));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(accept("outage", "m" + i));
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                api().get("/v1/routes/outage").then().statusCode(200).extract().path("circuit").toString())
                .isEqualTo("open"));
        // While the circuit is open the lane hands back what it had claimed: queued (and cancellable), not
        // "delivering", apart from a half-open probe.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                api().get("/v1/routes/outage").then().extract().<Integer>path("delivering")).isLessThanOrEqualTo(1));
        String cancelled = ids.remove(ids.size() - 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> api().delete("/v1/messages/" + cancelled).then().statusCode(200));

        await().atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofMillis(500)).until(
                () -> ids.stream().allMatch(id -> "delivered".equals(message(id).getString("status"))));
        assertThat(message(cancelled).getString("status")).isEqualTo("cancelled");

        long duringOutage = upstream.requests("outage").stream().filter(r -> r.nanos() < end).count();
        assertThat(duringOutage).as("requests sent while the upstream was failing").isBetween(4L, (long) BOUND);
        long recoveredAfterMillis = (upstream.requests("outage").stream().filter(r -> r.nanos() >= end)
                .mapToLong(r -> r.nanos()).min().orElseThrow() - end) / 1_000_000;
        // at most a breaker delay, and a second of slack
        assertThat(recoveredAfterMillis).as("first probe after recovery").isLessThanOrEqualTo(3500);
        assertThat(api().get("/v1/routes/outage").then().extract().path("circuit").toString()).isEqualTo("closed");
        assertThat(upstream.requests("outage").stream().filter(r -> r.nanos() >= end)
                .map(r -> r.header("Idempotency-Key")).distinct().count()).isEqualTo(19);
    }
}
