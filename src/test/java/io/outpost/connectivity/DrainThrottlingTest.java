package io.outpost.connectivity;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.acceptConcurrently;
import static io.outpost.testing.Agent.api;
import static io.outpost.testing.Agent.awaitAllStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;

/**
 * After an outage, route "throttled" (concurrency 8) drains 200 messages into an upstream that answers
 * its first 20 requests with 429 and Retry-After: 1. The drain starts slow (one in flight, doubling per
 * round trip) and halves on every 429, so it stays gentle until the 429s stop, then speeds up; no
 * message goes dead.
 */
@QuarkusTest
class DrainThrottlingTest {

    @Test
    void tooManyRequestsSlowTheDrainAndNothingIsLost() {
        TestUpstream.Switchable upstream = TestUpstream.switchable("throttled");
        upstream.down();
        List<String> ids = acceptConcurrently(4, 200, i -> accept("throttled", "m" + i));
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(
                api().get("/v1/network").then().extract().path("routes.throttled.reachable")));

        TestUpstream server = upstream.up();
        AtomicInteger posts = new AtomicInteger();
        server.behave("throttled", (r, n) -> r.method().equals("POST") && posts.incrementAndGet() <= 20
                ? Reply.status(429).withHeader("Retry-After", "1").after(20) : Reply.status(204).after(20));
        await().atMost(Duration.ofSeconds(60)).until(() -> server.requests("throttled").stream()
                .filter(r -> r.method().equals("POST") && server.answeredAt(r) != null).count() >= 220);
        awaitAllStatus("throttled", ids, "delivered", Duration.ofSeconds(10));

        List<Recorded> seen = server.requests("throttled").stream().filter(r -> r.method().equals("POST")).toList();
        long drainMillis = (seen.get(seen.size() - 1).nanos() - seen.get(0).nanos()) / 1_000_000;
        assertThat(drainMillis).as("429s slow the drain down, they do not stop it (no open circuit)")
                .isLessThan(10_000);
        assertThat(seen.size()).as("every message once, the 20 refused ones twice").isEqualTo(220);
        assertThat(api().get("/v1/routes/throttled").then().extract().path("dead").toString()).isEqualTo("0");
        assertThat(server.peakInFlight(seen.subList(0, 20))).as("in flight while answered 429")
                .isLessThanOrEqualTo(2);
        assertThat(server.peakInFlight(seen.subList(seen.size() - 100, seen.size()))).as("in flight once they stopped")
                .isGreaterThan(2);
    }
}
