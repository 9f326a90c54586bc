package io.outpost.connectivity;

import static io.outpost.testing.Agent.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.outpost.testing.ShippedTimingsProfile;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Routes nothing is sent to: one whose upstream listens, one whose port is closed (a device that booted
 * offline). The network status must tell them apart without any traffic, from the idle checks alone.
 */
@QuarkusTest
@TestProfile(ShippedTimingsProfile.class) // idle checks each second, and the routes ShippedTimingsProfile.IdleRoutes adds
class IdleCheckTest {

    private static JsonPath network() {
        return api().get("/v1/network").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void anIdleRouteIsCheckedAndADeadOneShowsUnreachableWithoutTraffic() {
        TestUpstream upstream = TestUpstream.shared();
        upstream.behave("idle-live", (r, n) -> Reply.status(404)); // a probe path the upstream does not serve
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(
                network().get("routes.idle-dead.reachable")));
        JsonPath network = network();
        assertThat(network.getString("routes.idle-dead.lastError")).startsWith("probe:");
        assertThat(network.getString("state")).isEqualTo("degraded");

        await().atMost(Duration.ofSeconds(10)).until(() -> network().get("routes.idle-live.lastCheckAt") != null);
        network = network();
        assertThat(network.getBoolean("routes.idle-live.reachable")).isTrue();
        assertThat(network.getString("routes.idle-live.latencyMs")).isNotNull();
        assertThat(upstream.requests("idle-live")).as("nothing but checks went there")
                .allMatch(r -> r.method().equals("HEAD"));

        // about one check a second while idle, never two within the interval: not a tight loop
        int before = upstream.requests("idle-live").size();
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).until(() -> upstream.requests("idle-live").size() >= before + 4);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("four more checks")
                .isGreaterThan(Duration.ofMillis(2500));
    }
}
