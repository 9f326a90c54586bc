package io.outpost.connectivity;

import static io.outpost.testing.Agent.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Routes nothing is sent to: one whose upstream listens, one whose port is closed (a device that booted
 * offline). The network status must tell them apart without any traffic, from the idle checks alone.
 */
@QuarkusTest
@TestProfile(IdleCheckTest.IdleChecks.class)
class IdleCheckTest {

    /** Idle checks on, each second; the routes come from {@link IdleRoutes}, started with the boot. */
    public static class IdleChecks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a loaded machine can keep a loopback HEAD past the default second: not the failure looked for
            return Map.of("outpost.connectivity.idle-check-interval", "1s",
                    "outpost.connectivity.probe-interval", "200ms", "outpost.connectivity.probe-timeout", "5s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(IdleRoutes.class));
        }
    }

    /**
     * The two routes, set up when the agent boots and in the class loader its tests run in. Profiles are also
     * asked for their settings while the tests are discovered, in a class loader of their own: an upstream
     * started there was another {@code TestUpstream.shared()} than the test's, and it and its port were
     * never released.
     */
    public static class IdleRoutes implements QuarkusTestResourceLifecycleManager {

        private Socket reserved;

        @Override
        public Map<String, String> start() {
            return Map.of("outpost.routes.idle-live.url", TestUpstream.shared().url("idle-live"),
                    "outpost.routes.idle-dead.url", "http://127.0.0.1:" + closedPort() + "/x");
        }

        /**
         * A loopback port nothing can listen on while the tests run: a socket bound to it, never listening,
         * refuses connections and keeps any later server (WireMock, another peer on port 0) from taking it. A
         * port merely found free and closed again could be handed out again and turn the dead route live.
         */
        private int closedPort() {
            try {
                reserved = new Socket();
                reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return reserved.getLocalPort();
        }

        @Override
        public void stop() {
            try {
                reserved.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

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
