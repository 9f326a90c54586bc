package io.outpost.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/** How reads through a route are cached ({@code outpost.routes.<name>.cache.*}). */
public interface RouteCacheConfig {

    /**
     * Cache reads through {@code /v1/routes/<name>/fetch}. Off: every read goes upstream and nothing is
     * stored, so nothing can be served while the upstream is unreachable.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * How long past its freshness a stored response may still be served (marked {@code stale}) while the
     * upstream is unreachable or failing. Responses marked {@code must-revalidate} or {@code no-cache}
     * are never served stale, as RFC 9111 requires.
     */
    @WithDefault("7d")
    Duration maxStale();

    /**
     * Freshness given to responses that state none ({@code Cache-Control: max-age}, {@code Expires}).
     * Unset: such responses are stored but revalidated on every read (no heuristic freshness).
     */
    Optional<Duration> defaultTtl();
}
