package io.outpost.config;

import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;

/**
 * Checks that config constraints cannot express, so that a bad configuration stops start-up with a
 * message naming the key. Also produces the clock everything time-dependent takes.
 */
@ApplicationScoped
public class ConfigChecks {

    private static final Pattern ROUTE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    void check(@Observes StartupEvent event, OutpostConfig config) {
        validate(config);
    }

    static void validate(OutpostConfig config) {
        for (var entry : config.routes().entrySet()) {
            String key = "outpost.routes." + entry.getKey();
            if (!ROUTE_NAME.matcher(entry.getKey()).matches()) {
                throw new IllegalArgumentException(key + ": a route name must be 1-63 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit");
            }
            RouteConfig.Retry retry = entry.getValue().retry();
            if (retry.maxAttempts() == 0) {
                throw new IllegalArgumentException(key + ".retry.max-attempts: must be -1 (until the TTL) or at least 1");
            }
            if (retry.initialDelay().compareTo(retry.maxDelay()) > 0) {
                throw new IllegalArgumentException(key + ".retry.initial-delay: must not exceed retry.max-delay");
            }
            if (entry.getValue().timeout().isNegative() || entry.getValue().timeout().isZero()) {
                throw new IllegalArgumentException(key + ".timeout: must be positive");
            }
            RouteCacheConfig cache = entry.getValue().cache();
            if (cache.maxStale().isNegative()) {
                throw new IllegalArgumentException(key + ".cache.max-stale: must not be negative");
            }
            if (cache.defaultTtl().map(Duration::isNegative).orElse(false)) {
                throw new IllegalArgumentException(key + ".cache.default-ttl: must not be negative");
            }
        }
        config.streams().forEach((name, stream) -> validate(name, stream, config));
        if (config.outbox().maxMessageSize().asLongValue() < 1) {
            throw new IllegalArgumentException("outpost.outbox.max-message-size: must be at least 1 byte");
        }
        if (config.transfers().maxUploadSize().asLongValue() < 1) {
            throw new IllegalArgumentException("outpost.transfers.max-upload-size: must be at least 1 byte");
        }
        if (!positive(config.transfers().progressInterval())) {
            throw new IllegalArgumentException("outpost.transfers.progress-interval: must be positive");
        }
        long response = config.cache().maxResponseSize().asLongValue();
        if (response < 1 || response > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("outpost.cache.max-response-size: must be 1 byte to 2G");
        }
    }

    private static final Pattern WS_URL = Pattern.compile("(?i)wss?://[^/?#\\s]+[^\\s]*");
    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://[^/?#\\s]+[^\\s]*");

    private static void validate(String name, StreamConfig stream, OutpostConfig config) {
        String key = "outpost.streams." + name;
        if (!ROUTE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(key + ": a stream name must be 1-63 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        boolean websocket = stream.transport() == StreamConfig.Transport.WEBSOCKET;
        if (!(websocket ? WS_URL : HTTP_URL).matcher(stream.url()).matches()) {
            throw new IllegalArgumentException(key + ".url: must be an absolute "
                    + (websocket ? "ws:// or wss://" : "http:// or https://") + " URL for transport="
                    + stream.transport().wire());
        }
        stream.fallbackUrl().filter(u -> !HTTP_URL.matcher(u).matches()).ifPresent(u -> {
            throw new IllegalArgumentException(key + ".fallback-url: must be an absolute http:// or https:// URL");
        });
        if (!positive(stream.heartbeatInterval())) {
            throw new IllegalArgumentException(key + ".heartbeat-interval: must be positive");
        }
        if (stream.heartbeatTimeout().compareTo(stream.heartbeatInterval()) <= 0) {
            throw new IllegalArgumentException(key + ".heartbeat-timeout: must exceed heartbeat-interval");
        }
        if (!positive(stream.reconnect().initialDelay())) {
            throw new IllegalArgumentException(key + ".reconnect.initial-delay: must be positive");
        }
        if (stream.reconnect().initialDelay().compareTo(stream.reconnect().maxDelay()) > 0) {
            throw new IllegalArgumentException(key + ".reconnect.initial-delay: must not exceed reconnect.max-delay");
        }
        stream.route().filter(r -> !config.routes().containsKey(r)).ifPresent(r -> {
            throw new IllegalArgumentException(key + ".route: no route named '" + r + "' is configured");
        });
    }

    private static boolean positive(java.time.Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
