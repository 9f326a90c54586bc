package io.outpost.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the {@link TestUpstream} before the agent boots and points the delivery tests' routes at it, each
 * with the settings its test needs. Global, so every {@code @QuarkusTest} of one profile shares one boot;
 * each boot gets upstreams of its own (it loads the test classes anew), stopped with it.
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
        route(config, upstream, "evented", Map.of()); // MessageEventsTest
        route(config, upstream, "evented-b", Map.of());
        route(config, upstream, "capped", Map.of("retry.max-attempts", "3", "retry.initial-delay", "20ms",
                "retry.max-delay", "50ms"));
        route(config, upstream, "gzipped", Map.of("compression", "gzip", "headers.X-Tenant", "acme"));
        route(config, upstream, "ordered", Map.of("concurrency", "8"));
        route(config, upstream, "prio", Map.of("concurrency", "1"));
        route(config, upstream, "metered", Map.of("concurrency", "1")); // BudgetDeliveryTest adds the budget
        route(config, upstream, "unhurried", Map.of("concurrency", "2"));
        route(config, upstream, "trickle", Map.of("concurrency", "4"));
        route(config, upstream, "outage", Map.of("concurrency", "4", "retry.initial-delay", "200ms",
                "retry.max-delay", "2500ms", "circuit-breaker.request-volume", "4", "circuit-breaker.failure-ratio",
                "0.5", "circuit-breaker.delay", "2500ms"));
        route(config, upstream, "expiring", Map.of("retry.initial-delay", "1s", "retry.max-delay", "1s"));
        route(config, upstream, "cached", Map.of("concurrency", "8"));
        config.put("outpost.cache.max-response-size", "1M");
        route(config, upstream, "uncached", Map.of("cache.enabled", "false"));
        switchable(config, "cachedown", Map.of("timeout", "1s", "cache.max-stale", "1h"));
        fetchRoutes(config, upstream);
        route(config, upstream, "encoded", Map.of("cache.enabled", "false")); // EncodedTargetsTest
        route(config, upstream, "inval", Map.of()); // InvalidationTest: a cached route, another origin's next
        switchable(config, "invalfar", Map.of());
        authRoutes(config, upstream);
        tlsRoutes(config);
        switchable(config, "comeback", Map.of("concurrency", "8", "retry.initial-delay", "1s",
                "retry.max-delay", "30s"));
        switchable(config, "throttled", Map.of("concurrency", "8", "retry.initial-delay", "200ms",
                "retry.max-delay", "2s"));
        switchable(config, "waited", Map.of("retry.initial-delay", "200ms", "retry.max-delay", "1s"));
        checklistRoutes(config, upstream);
        // DashboardTest: a route whose upstream goes away, one whose upstream refuses and then takes
        switchable(config, "dash-link", Map.of("retry.initial-delay", "200ms", "retry.max-delay", "1s"));
        route(config, upstream, "dash-dead", Map.of());
        batchRoutes(config, upstream);
        for (int i = 0; i < 20; i++) {
            switchable(config, "back-" + i, Map.of()); // PriorityAtReturnTest: the contract's defaults
        }
        return config;
    }

    /** ChecklistApiTest: one route that follows every check, one to answer 429, one whose breaker opens. */
    private static void checklistRoutes(Map<String, String> config, TestUpstream upstream) {
        route(config, upstream, "checked", Map.of("timeout", "2s", "compression", "gzip", "retry.max-attempts", "5"));
        route(config, upstream, "checked-429", Map.of("retry.max-attempts", "2", "retry.initial-delay", "50ms",
                "retry.max-delay", "100ms"));
        route(config, upstream, "checked-breaker", Map.of("retry.max-attempts", "3", "retry.initial-delay", "50ms",
                "retry.max-delay", "100ms", "circuit-breaker.request-volume", "2", "circuit-breaker.delay", "30s"));
    }

    /** BatchDeliveryTest: batches of 50 (ndjson, json-array), a keyed route, one that lingers and is retried. */
    private static void batchRoutes(Map<String, String> config, TestUpstream upstream) {
        route(config, upstream, "batched", Map.of("batch.max-messages", "50", "concurrency", "2", "timeout", "60s"));
        route(config, upstream, "batcharray", Map.of("batch.max-messages", "50", "batch.format", "json-array",
                "concurrency", "1", "timeout", "60s"));
        route(config, upstream, "batchalone", Map.of("batch.max-messages", "50"));
        route(config, upstream, "batchkeyed", Map.of("batch.max-messages", "50", "concurrency", "4"));
        route(config, upstream, "batchretry", Map.of("batch.max-messages", "10", "batch.linger", "2s",
                "batch.max-bytes", "4KiB", "compression", "gzip", "retry.initial-delay", "100ms",
                "retry.max-delay", "200ms"));
    }

    private static void route(Map<String, String> config, TestUpstream upstream, String name,
            Map<String, String> settings) {
        config.put("outpost.routes." + name + ".url", upstream.url(name));
        settings.forEach((k, v) -> config.put("outpost.routes." + name + "." + k, v));
    }

    /** FetchTest's routes: requests with answers, a slow one, breakers that open after 4, one switched off. */
    private static void fetchRoutes(Map<String, String> config, TestUpstream upstream) {
        route(config, upstream, "passing", Map.of("headers.X-Tenant", "acme"));
        route(config, upstream, "passslow", Map.of("timeout", "300ms", "retry.initial-delay", "100ms",
                "retry.max-delay", "300ms"));
        for (String name : new String[] { "passbreaker", "readbreaker" }) {
            route(config, upstream, name, Map.of("circuit-breaker.request-volume", "4", "circuit-breaker.delay", "30s"));
        }
        switchable(config, "passdown", Map.of("retry.initial-delay", "100ms", "retry.max-delay", "300ms"));
    }

    /** Routes that authenticate, against the shared {@link AuthFixtures}. */
    private static void authRoutes(Map<String, String> config, TestUpstream upstream) {
        AuthFixtures auth = AuthFixtures.shared();
        for (String[] r : new String[][] { { "oauth", "steady-client", "4" }, { "oauth-burst", "burst-client", "50" },
                { "oauth-401", "refresh-client", "1" } }) {
            route(config, upstream, r[0], Map.of("auth.type", "oauth2", "auth.oauth2.token-url", auth.tokenUrl(),
                    "auth.oauth2.client-id", r[1], "auth.oauth2.client-secret", AuthFixtures.CLIENT_SECRET,
                    "auth.oauth2.refresh-before", "1s", "concurrency", r[2]));
        }
        route(config, upstream, "oauth-down", Map.of("auth.type", "oauth2", "auth.oauth2.token-url",
                "http://127.0.0.1:9/token", "auth.oauth2.client-id", "lost-client", "auth.oauth2.client-secret",
                AuthFixtures.CLIENT_SECRET, "retry.max-attempts", "2", "retry.initial-delay", "50ms"));
        route(config, upstream, "keyed", Map.of("auth.type", "api-key", "auth.api-key.file",
                auth.apiKeyFile.toString()));
        route(config, upstream, "keyedq", Map.of("auth.type", "api-key", "auth.api-key.query-param", "api_key",
                "auth.api-key.value", AuthFixtures.QUERY_KEY));
        route(config, upstream, "signed", Map.of("auth.type", "jwt", "auth.jwt.key-file", auth.rsaKeyFile.toString(),
                "auth.jwt.issuer", "gw-17", "auth.jwt.subject", "device-17", "auth.jwt.audience", "upstream",
                "auth.jwt.key-id", "rsa-1", "auth.jwt.lifetime", "60s"));
        route(config, upstream, "signed-ec", Map.of("auth.type", "jwt", "auth.jwt.key-file", auth.ecKeyFile.toString(),
                "auth.jwt.algorithm", "ES256", "auth.jwt.issuer", "gw-17", "auth.jwt.subject", "device-17",
                "auth.jwt.audience", "upstream", "auth.jwt.key-id", "ec-1"));
    }

    /**
     * Routes and streams to the upstreams behind the test CA: with everything, without the CA, without the
     * client certificate (the mutual one refuses both); the route kinds of {@code TlsClientsTest}; a CA that
     * vouches for nobody.
     */
    private static void tlsRoutes(Map<String, String> config) {
        TlsFixtures tls = TlsFixtures.shared();
        String ca = tls.ca.caFile.toString();
        Map<String, String> mutual = Map.of("tls.ca-file", ca, "tls.cert-file", tls.client.cert().toString(),
                "tls.key-file", tls.client.key().toString());
        Map<String, Map<String, String>> routes = Map.of(
                "secure", mutual,
                "untrusted", Map.of("tls.cert-file", tls.client.cert().toString(), "tls.key-file",
                        tls.client.key().toString()),
                "anonymous", Map.of("tls.ca-file", ca),
                "pca-mtls", mutual,
                "pca-wrong", Map.of("tls.ca-file", tls.stranger.caFile.toString()));
        routes.forEach((name, settings) -> tlsRoute(config, name, tls.url(name), settings));
        tlsRoute(config, "pca", tls.serverOnlyUrl("pca"), Map.of("tls.ca-file", ca));
        Map<String, String> oauth = new HashMap<>(mutual);
        oauth.putAll(Map.of("auth.type", "oauth2", "auth.oauth2.token-url", tls.url("idp/token"),
                "auth.oauth2.client-id", "tls-client", "auth.oauth2.client-secret", AuthFixtures.CLIENT_SECRET));
        tlsRoute(config, "pca-oauth", tls.url("pca-oauth"), oauth);
        for (String[] s : new String[][] { { "tls-ws", tls.wsUrl("ws"), "websocket" },
                { "tls-sse", tls.url("pca-mtls/events"), "sse" } }) {
            Map.of("url", s[1], "transport", s[2], "route", "pca-mtls", "heartbeat-interval", "500ms",
                    "heartbeat-timeout", "3s", "reconnect.initial-delay", "50ms", "reconnect.max-delay", "300ms")
                    .forEach((k, v) -> config.put("outpost.streams." + s[0] + "." + k, v));
        }
    }

    private static void tlsRoute(Map<String, String> config, String name, String url, Map<String, String> settings) {
        config.put("outpost.routes." + name + ".url", url);
        config.put("outpost.routes." + name + ".retry.max-attempts", "2");
        config.put("outpost.routes." + name + ".retry.initial-delay", "50ms");
        settings.forEach((k, v) -> config.put("outpost.routes." + name + "." + k, v));
    }

    private static void switchable(Map<String, String> config, String name, Map<String, String> settings) {
        config.put("outpost.routes." + name + ".url", TestUpstream.switchable(name).url(name));
        settings.forEach((k, v) -> config.put("outpost.routes." + name + "." + k, v));
    }

    @Override
    public void stop() {
        TestUpstream.release();
        AuthFixtures.release();
        TlsFixtures.release();
    }
}
