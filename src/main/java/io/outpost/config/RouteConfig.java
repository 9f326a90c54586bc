package io.outpost.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/** One upstream ({@code outpost.routes.<name>.*}). */
public interface RouteConfig {

    /** Base URL of the upstream; a message's sub-path is appended to it. Required. */
    String url();

    /** The upstream URL for {@code subpath} below this route (it may carry a query); not a config key. */
    default String urlFor(String subpath) {
        return RouteUrl.join(url(), subpath);
    }

    /** Longest wait for one upstream request, from connect to the end of the response. */
    @WithDefault("10s")
    Duration timeout();

    /** Most requests in flight to this upstream at once (at least 1). */
    @WithDefault("4")
    int concurrency();

    /**
     * Client-side throttle, {@code <permits>/<period>} such as {@code 50/1s} or {@code 600/1m}.
     * Requests over the rate wait their turn; they do not fail. Unset: no throttle.
     */
    Optional<RateLimit> rateLimit();

    /** Retry schedule for failed deliveries. */
    Retry retry();

    /** Circuit breaker that stops sending to an upstream that keeps failing. */
    CircuitBreaker circuitBreaker();

    /** Request body compression: {@code gzip} compresses bodies of 1 KiB or more, {@code none} never. */
    @WithDefault("none")
    Compression compression();

    /** Path (appended to {@code url}) that connectivity checks request while the route seems down. */
    @WithDefault("/")
    String probePath();

    /**
     * Accept messages for this route but do not deliver them: they wait in the outbox (as while offline)
     * until the route is unpaused and the agent restarted. For planned upstream maintenance.
     */
    @WithDefault("false")
    boolean paused();

    /** Extra headers sent with every request to this upstream, e.g. {@code headers.X-Tenant=acme}. */
    Map<String, String> headers();

    /** How the agent authenticates to this upstream. */
    AuthConfig auth();

    /** TLS settings for an {@code https} upstream. */
    TlsConfig tls();

    /** Caching of reads through {@code /v1/routes/<name>/fetch}. */
    RouteCacheConfig cache();

    /** Many messages in one request ({@code batch.*}); off unless {@code batch.max-messages} is above 1. */
    RouteBatchConfig batch();

    /** A metered link's byte budget per period, and what priority still flows once it is spent. */
    RouteBudgetConfig budget();

    /** Retry schedule ({@code outpost.routes.<name>.retry.*}). */
    interface Retry {
        /** Upper bound of the first backoff; each attempt doubles it (with full jitter). */
        @WithDefault("500ms")
        Duration initialDelay();

        /** Cap of the backoff between two attempts. */
        @WithDefault("60s")
        Duration maxDelay();

        /** Attempts before a message goes dead; {@code -1} retries until its TTL expires. */
        @WithDefault("-1")
        int maxAttempts();
    }

    /** Circuit breaker ({@code outpost.routes.<name>.circuit-breaker.*}). */
    interface CircuitBreaker {
        /** Share of failed requests within the rolling window that opens the circuit (0-1). */
        @WithDefault("0.5")
        double failureRatio();

        /** Size of the rolling window: the number of recent requests the ratio is taken over (at least 1). */
        @WithDefault("20")
        int requestVolume();

        /** How long an open circuit waits before letting a probe request through (half-open). */
        @WithDefault("30s")
        Duration delay();
    }

    /** Values of {@code compression}. */
    enum Compression {
        GZIP,
        NONE
    }

    /** Values of {@code auth.type}. */
    enum AuthType {
        NONE,
        API_KEY,
        OAUTH2,
        JWT
    }
}
