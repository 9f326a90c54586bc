package io.outpost.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the {@link TestUpstream} before the agent boots and points the delivery tests' routes at it, each
 * with the settings its test needs. Global, so every {@code @QuarkusTest} shares one boot.
 */
public class UpstreamResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestUpstream upstream = TestUpstream.shared();
        Map<String, String> config = new HashMap<>();
        route(config, upstream, "flaky", Map.of("retry.initial-delay", "100ms", "retry.max-delay", "400ms"));
        route(config, upstream, "limited", Map.of("retry.initial-delay", "50ms", "retry.max-delay", "100ms"));
        route(config, upstream, "dropped", Map.of("retry.initial-delay", "50ms", "retry.max-delay", "100ms"));
        route(config, upstream, "slow", Map.of("timeout", "300ms", "retry.initial-delay", "50ms",
                "retry.max-delay", "100ms"));
        route(config, upstream, "bad", Map.of());
        route(config, upstream, "capped", Map.of("retry.max-attempts", "3", "retry.initial-delay", "20ms",
                "retry.max-delay", "50ms"));
        route(config, upstream, "gzipped", Map.of("compression", "gzip", "headers.X-Tenant", "acme"));
        route(config, upstream, "ordered", Map.of("concurrency", "8"));
        route(config, upstream, "prio", Map.of("concurrency", "1"));
        route(config, upstream, "outage", Map.of("concurrency", "4", "retry.initial-delay", "200ms",
                "retry.max-delay", "5s", "circuit-breaker.request-volume", "4", "circuit-breaker.failure-ratio", "0.5",
                "circuit-breaker.delay", "5s"));
        route(config, upstream, "expiring", Map.of("retry.initial-delay", "1s", "retry.max-delay", "1s"));
        switchable(config, "comeback", Map.of("concurrency", "8", "retry.initial-delay", "1s",
                "retry.max-delay", "30s"));
        switchable(config, "throttled", Map.of("concurrency", "8", "retry.initial-delay", "200ms",
                "retry.max-delay", "2s"));
        return config;
    }

    private static void route(Map<String, String> config, TestUpstream upstream, String name,
            Map<String, String> settings) {
        config.put("outpost.routes." + name + ".url", upstream.url(name));
        settings.forEach((k, v) -> config.put("outpost.routes." + name + "." + k, v));
    }

    private static void switchable(Map<String, String> config, String name, Map<String, String> settings) {
        config.put("outpost.routes." + name + ".url", TestUpstream.switchable(name).url(name));
        settings.forEach((k, v) -> config.put("outpost.routes." + name + "." + k, v));
    }

    @Override
    public void stop() {
        // the upstream lives as long as the test JVM; other boots may still use it
    }
}
