package io.outpost.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every rule of the agent's configuration beyond what the types say, checked while the configuration is
 * built ({@link ConfigRules}), so that a bad value stops start-up before anything runs, with one message per
 * problem naming its key. Plain code rather than Bean Validation constraints: building a validator factory for
 * these few bounds took about 0.15 s of every start. Also produces the clock everything time-dependent takes.
 */
@ApplicationScoped
public class ConfigChecks {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern WS_URL = Pattern.compile("(?i)wss?://[^/?#\\s]+[^\\s]*");
    private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z0-9._~-]{1,64}");
    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://[^/?#\\s]+[^\\s]*");

    /** Each problem as "key: what is wrong"; empty for a good configuration. */
    static List<String> problems(OutpostConfig config) {
        List<String> p = new ArrayList<>();
        config.routes().forEach((name, route) -> route(p, "outpost.routes." + name, name, route));
        config.streams().forEach((name, stream) -> stream(p, "outpost.streams." + name, name, stream, config));
        FileChecks.api(p, config.api());
        check(p, config.outbox().maxMessages() >= 1, "outpost.outbox.max-messages: must be at least 1");
        check(p, config.outbox().maxMessageSize().asLongValue() >= 1,
                "outpost.outbox.max-message-size: must be at least 1 byte");
        check(p, within(config.outbox().commitBatchSize(), 1, 10_000),
                "outpost.outbox.commit-batch-size: must be 1 to 10000");
        check(p, within(config.store().embedded().port(), 0, 65_535),
                "outpost.store.embedded.port: must be 0 (any free port) to 65535");
        check(p, config.store().embedded().maxConnections() >= 5,
                "outpost.store.embedded.max-connections: must be at least 5");
        check(p, config.cache().memory().maxEntries() >= 0, "outpost.cache.memory.max-entries: must not be negative");
        long response = config.cache().maxResponseSize().asLongValue();
        check(p, response >= 1 && response <= Integer.MAX_VALUE - 1,
                "outpost.cache.max-response-size: must be 1 byte to 2G");
        check(p, config.transfers().concurrency() >= 1, "outpost.transfers.concurrency: must be at least 1");
        check(p, config.transfers().maxUploadSize().asLongValue() >= 1,
                "outpost.transfers.max-upload-size: must be at least 1 byte");
        check(p, positive(config.transfers().progressInterval()),
                "outpost.transfers.progress-interval: must be positive");
        check(p, config.connectivity().failureThreshold() >= 1,
                "outpost.connectivity.failure-threshold: must be at least 1");
        check(p, ratio(config.connectivity().degradedFailureRatio()),
                "outpost.connectivity.degraded-failure-ratio: must be 0.0 to 1.0");
        return p;
    }

    private static void route(List<String> p, String key, String name, RouteConfig route) {
        check(p, NAME.matcher(name).matches(), key + ": a route name must be 1-63 letters, digits, '.', '_' or '-', "
                + "starting with a letter or digit");
        check(p, HTTP_URL.matcher(route.url()).matches(), key + ".url: must be an absolute http:// or https:// URL");
        check(p, positive(route.timeout()), key + ".timeout: must be positive");
        check(p, route.concurrency() >= 1, key + ".concurrency: must be at least 1");
        RouteConfig.Retry retry = route.retry();
        check(p, retry.maxAttempts() == -1 || retry.maxAttempts() >= 1,
                key + ".retry.max-attempts: must be -1 (until the TTL) or at least 1");
        check(p, positive(retry.initialDelay()), key + ".retry.initial-delay: must be positive");
        check(p, positive(retry.maxDelay()), key + ".retry.max-delay: must be positive");
        check(p, !positive(retry.maxDelay()) || retry.initialDelay().compareTo(retry.maxDelay()) <= 0,
                key + ".retry.initial-delay: must not exceed retry.max-delay");
        check(p, ratio(route.circuitBreaker().failureRatio()),
                key + ".circuit-breaker.failure-ratio: must be 0.0 to 1.0");
        check(p, route.circuitBreaker().requestVolume() >= 1, key + ".circuit-breaker.request-volume: must be at least 1");
        check(p, !route.cache().maxStale().isNegative(), key + ".cache.max-stale: must not be negative");
        FileChecks.auth(p, key + ".auth", route.auth());
        batch(p, key + ".batch", route.batch());
        check(p, !route.cache().defaultTtl().map(Duration::isNegative).orElse(false),
                key + ".cache.default-ttl: must not be negative");
        check(p, within(route.budget().reservePriority(), 0, 9), key + ".budget.reserve-priority: must be 0 to 9");
    }

    private static void batch(List<String> p, String key, RouteBatchConfig batch) {
        check(p, within(batch.maxMessages(), 1, 10_000), key + ".max-messages: must be 1 (no batching) to 10000");
        check(p, batch.maxBytes() >= 1, key + ".max-bytes: must be at least 1 byte");
        check(p, !batch.linger().isNegative(), key + ".linger: must not be negative");
    }

    private static void stream(List<String> p, String key, String name, StreamConfig stream, OutpostConfig config) {
        check(p, NAME.matcher(name).matches(), key + ": a stream name must be 1-63 letters, digits, '.', '_' or '-', "
                + "starting with a letter or digit");
        boolean websocket = stream.transport() == StreamConfig.Transport.WEBSOCKET;
        check(p, (websocket ? WS_URL : HTTP_URL).matcher(stream.url()).matches(), key + ".url: must be an absolute "
                + (websocket ? "ws:// or wss://" : "http:// or https://") + " URL for transport="
                + stream.transport().wire());
        check(p, stream.fallbackUrl().map(u -> HTTP_URL.matcher(u).matches()).orElse(true),
                key + ".fallback-url: must be an absolute http:// or https:// URL");
        check(p, positive(stream.heartbeatInterval()), key + ".heartbeat-interval: must be positive");
        check(p, stream.heartbeatTimeout().compareTo(stream.heartbeatInterval()) > 0,
                key + ".heartbeat-timeout: must exceed heartbeat-interval");
        check(p, positive(stream.reconnect().initialDelay()), key + ".reconnect.initial-delay: must be positive");
        check(p, stream.reconnect().initialDelay().compareTo(stream.reconnect().maxDelay()) <= 0,
                key + ".reconnect.initial-delay: must not exceed reconnect.max-delay");
        check(p, positive(stream.reconnect().rejectedDelay()), key + ".reconnect.rejected-delay: must be positive");
        check(p, stream.fallbackAfter() >= 1, key + ".fallback-after: must be at least 1");
        check(p, stream.retention() >= 1, key + ".retention: must be at least 1");
        check(p, QUERY_NAME.matcher(stream.poll().cursorParam()).matches(), key + ".poll.cursor-param: must be 1-64 "
                + "letters, digits, '-', '_', '.' or '~' (a query parameter name that needs no escaping)");
        check(p, !stream.poll().idField().isBlank() && stream.poll().idField().length() <= 64,
                key + ".poll.id-field: must be 1-64 characters");
        stream.route().filter(r -> !config.routes().containsKey(r)).ifPresent(r -> p.add(key + ".route: no route named '"
                + r + "' is configured"));
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static boolean within(long value, long min, long max) {
        return value >= min && value <= max;
    }

    private static boolean ratio(double value) {
        return value >= 0.0 && value <= 1.0;
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
