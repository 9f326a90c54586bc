package io.outpost.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.outpost.config.RateLimit;
import io.outpost.config.RouteConfig;
import io.outpost.config.RouteConfig.AuthType;
import io.outpost.config.RouteConfig.Compression;

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
                new Auth(AuthType.NONE));
    }

    private record Route(String url, Duration timeout, int concurrency, Optional<RateLimit> rateLimit,
            RouteConfig.Retry retry, RouteConfig.CircuitBreaker circuitBreaker, Compression compression,
            String probePath, boolean paused, Map<String, String> headers, RouteConfig.Auth auth)
            implements RouteConfig {
    }

    private record Retry(Duration initialDelay, Duration maxDelay, int maxAttempts) implements RouteConfig.Retry {
    }

    private record Breaker(double failureRatio, int requestVolume, Duration delay)
            implements RouteConfig.CircuitBreaker {
    }

    private record Auth(AuthType type) implements RouteConfig.Auth {
    }
}
