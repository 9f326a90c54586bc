package io.outpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The timings the default test boot relaxes or turns off, back as they ship, in one boot (each profile costs
 * the run an augmentation and a boot of its own, about 10 s): the store deadline of 1.5 s (the test profile
 * lengthens it for loaded build machines; StoreOutageTest measures it) and the idle checks, each second
 * (IdleCheckTest; the test profile turns them off so that routes are judged by the tests' own traffic). The
 * two do not meet: the idle checks never touch the store, and the store outages of StoreOutageTest change no
 * route's reachability. The request helpers retry a 503 store-unavailable, as clients are told to, so the
 * shorter deadline does not turn a slow moment into a red test.
 */
public class ShippedTimingsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // a loaded machine can keep a loopback HEAD past the default second: not the failure looked for
        return Map.of("outpost.outbox.commit-timeout", "1500ms", "outpost.connectivity.idle-check-interval", "1s",
                "outpost.connectivity.probe-interval", "200ms", "outpost.connectivity.probe-timeout", "5s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(IdleRoutes.class));
    }

    /**
     * IdleCheckTest's two routes nothing is sent to, set up when the agent boots and in the class loader its
     * tests run in: one whose upstream listens ({@code idle-live}), one whose port is closed ({@code
     * idle-dead}). Profiles are also asked for their settings while the tests are discovered, in a class
     * loader of their own: an upstream started there was another {@code TestUpstream.shared()} than the
     * test's, and it and its port were never released.
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
}
