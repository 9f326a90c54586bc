package io.outpost.upstream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.outpost.config.AuthConfig;
import io.outpost.config.RateLimit;
import io.outpost.config.RouteBatchConfig;
import io.outpost.config.ByteBudget;
import io.outpost.config.RouteBudgetConfig;
import io.outpost.config.RouteCacheConfig;
import io.outpost.config.RouteConfig;
import io.outpost.config.RouteConfig.AuthType;
import io.outpost.config.RouteConfig.Compression;
import io.outpost.config.TlsConfig;

/**
 * Route configurations for unit tests, without SmallRye Config. Records rather than anonymous classes:
 * Quarkus tests index these classes too and reject anonymous implementations of the validated interface.
 */
final class TestRoutes {

    private TestRoutes() {
    }

    static RouteConfig config(int concurrency, Duration timeout, int requestVolume, double failureRatio,
            Duration circuitDelay, Optional<RateLimit> rateLimit) {
        return new Route("http://127.0.0.1:1", timeout, concurrency, rateLimit,
                new Retry(Duration.ofMillis(500), Duration.ofSeconds(60), -1),
                new Breaker(failureRatio, requestVolume, circuitDelay), Compression.NONE, "/", false, Map.of(),
                new Auth(AuthType.NONE, null, null, null), new Tls(Optional.empty(), Optional.empty(),
                        Optional.empty(), true), new Cache(true, Duration.ofDays(7), Optional.empty()),
                new Batch(1, 1 << 20, Duration.ZERO, RouteBatchConfig.Format.NDJSON));
    }

    private record Route(String url, Duration timeout, int concurrency, Optional<RateLimit> rateLimit,
            RouteConfig.Retry retry, RouteConfig.CircuitBreaker circuitBreaker, Compression compression,
            String probePath, boolean paused, Map<String, String> headers, AuthConfig auth, TlsConfig tls,
            RouteCacheConfig cache, RouteBatchConfig batch) implements RouteConfig {
        @Override
        public RouteBudgetConfig budget() {
            return new NoBudget(Optional.empty(), 1);
        }
    }

    private record NoBudget(Optional<ByteBudget> limit, int reservePriority) implements RouteBudgetConfig {
    }

    private record Batch(int maxMessages, long maxBytes, Duration linger, RouteBatchConfig.Format format)
            implements RouteBatchConfig {
    }

    private record Cache(boolean enabled, Duration maxStale, Optional<Duration> defaultTtl)
            implements RouteCacheConfig {
    }

    private record Retry(Duration initialDelay, Duration maxDelay, int maxAttempts) implements RouteConfig.Retry {
    }

    private record Breaker(double failureRatio, int requestVolume, Duration delay)
            implements RouteConfig.CircuitBreaker {
    }

    private record Auth(AuthType type, AuthConfig.ApiKey apiKey, AuthConfig.OAuth2 oauth2, AuthConfig.Jwt jwt)
            implements AuthConfig {
    }

    private record Tls(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile, boolean verifyHost)
            implements TlsConfig {
    }
}
