package io.outpost.delivery;

import static io.outpost.testing.Agent.api;
import static io.outpost.testing.Agent.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.outpost.testing.Agent;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A route's return from an outage cuts short the backoffs its messages were waiting out, but not a wait the
 * upstream asked for with Retry-After before the outage.
 */
@QuarkusTest
class RetryAfterOutageTest {

    private static TestUpstream.Behaviour polite() {
        return (r, n) -> r.path().endsWith("/polite") ? Reply.status(429).withHeader("Retry-After", "60")
                : Reply.status(204);
    }

    private static String post(String subpath) {
        return api().body("x").post("/v1/routes/waited/messages/" + subpath).then().statusCode(202).extract()
                .path("id");
    }

    @Test
    void aRetryAfterWaitSurvivesTheRouteComingBack() {
        TestUpstream.Switchable upstream = TestUpstream.switchable("waited");
        upstream.up().behave("waited", polite());
        String asked = post("polite");
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(429).equals(message(asked).get("lastStatus")));
        String waitUntil = message(asked).getString("nextAttemptAt");
        assertThat(Instant.parse(waitUntil)).isAfter(Instant.now().plusSeconds(40));

        upstream.down();
        String during = post("plain");
        await().atMost(Duration.ofSeconds(15)).until(() -> Boolean.FALSE.equals(
                api().get("/v1/network").then().extract().path("routes.waited.reachable")));
        TestUpstream server = upstream.up();
        server.behave("waited", polite());
        Agent.awaitStatus(during, "delivered", Duration.ofSeconds(15));

        assertThat(message(asked).getString("status")).isEqualTo("queued");
        assertThat(message(asked).getString("nextAttemptAt")).as("the upstream's Retry-After").isEqualTo(waitUntil);
        assertThat(server.requests("waited")).noneMatch(r -> r.path().endsWith("/polite"));
    }
}
