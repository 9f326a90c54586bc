package io.outpost.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The upstreams of the transfer tests and the routes that point at them: {@code files} (always up) and
 * {@code files-flaky} (a peer the test takes down and brings back), both with short backoffs and timeouts
 * so that the tests take seconds. Global, so every {@code @QuarkusTest} of one profile shares one boot; each
 * boot gets peers of its own (it loads the test classes anew), stopped with it.
 */
public class TransferPeersResource implements QuarkusTestResourceLifecycleManager {

    /** The peers, shared by the tests of one JVM. */
    public static final class Peers {
        public final TransferPeer files = TransferPeer.anyPort();
        /** On a port of its own, so that it can go down and come back where the route points. */
        public final TransferPeer flaky = new TransferPeer(freePort());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Peers peers;

    private static synchronized void release() {
        if (peers != null) {
            peers.files.close();
            peers.flaky.close();
            peers = null;
        }
    }

    public static synchronized Peers peers() {
        if (peers == null) {
            peers = new Peers();
        }
        return peers;
    }

    @Override
    public Map<String, String> start() {
        Peers p = peers();
        Map<String, String> config = new HashMap<>();
        // gzip and a route header: a streamed upload must go out as it is, with the route's headers
        route(config, "files", p.files.url(""), Map.of("timeout", "2s", "compression", "gzip",
                "headers.X-Site", "edge-7"));
        route(config, "files-flaky", p.flaky.url(""), Map.of("timeout", "1s", "concurrency", "2"));
        // a circuit breaker that opens after two failures and lets a probe through a second later
        route(config, "files-fragile", p.files.url(""), Map.of("circuit-breaker.request-volume", "2",
                "circuit-breaker.delay", "1s"));
        config.put("outpost.transfers.max-upload-size", "16M");
        config.put("outpost.transfers.progress-interval", "200ms");
        config.put("quarkus.log.category.\"io.outpost.transfer\".level", "DEBUG");
        return config;
    }

    private static void route(Map<String, String> config, String name, String url, Map<String, String> settings) {
        config.put("outpost.routes." + name + ".url", url);
        config.put("outpost.routes." + name + ".retry.initial-delay", "50ms");
        config.put("outpost.routes." + name + ".retry.max-delay", "200ms");
        settings.forEach((k, v) -> config.put("outpost.routes." + name + "." + k, v));
    }

    @Override
    public void stop() {
        release();
    }
}
