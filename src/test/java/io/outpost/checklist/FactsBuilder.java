package io.outpost.checklist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.outpost.config.ConfigRules;
import io.outpost.config.OutpostConfig;
import io.outpost.config.RateLimit;
import io.outpost.config.ByteBudget;
import io.outpost.config.ByteBudgetConverter;
import io.outpost.config.RateLimitConverter;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * {@link Facts} as the agent would have them: the configuration built from properties by SmallRye Config with
 * the agent's converters and rules (a properties file and an environment, so each key has a real source), the
 * API's listen address, and what was observed of each route.
 */
final class FactsBuilder {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private final Map<String, String> file = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final Map<String, RouteSeen> seen = new HashMap<>();
    private String apiHost = "0.0.0.0";

    /**
     * A configuration that follows every check: a token from a file on an API open to the network, an https
     * route with its key in a file, a short timeout, bounded retries, gzip, and a wss stream.
     */
    static FactsBuilder healthy(Path dir) {
        FactsBuilder b = new FactsBuilder();
        b.file.put("outpost.api.token-file", secret(dir, "api-token"));
        b.file.put("outpost.routes.shop.url", "https://api.example.com/v1");
        b.file.put("outpost.routes.shop.timeout", "5s");
        b.file.put("outpost.routes.shop.retry.max-attempts", "10");
        b.file.put("outpost.routes.shop.compression", "gzip");
        b.file.put("outpost.routes.shop.rate-limit", "20/1s");
        b.file.put("outpost.routes.shop.auth.type", "api-key");
        b.file.put("outpost.routes.shop.auth.api-key.file", secret(dir, "shop-key"));
        b.file.put("outpost.routes.local.url", "http://127.0.0.1:8081/ingest");
        b.file.put("outpost.routes.local.retry.max-attempts", "5");
        b.file.put("outpost.streams.feed.url", "wss://push.example.com/feed");
        return b;
    }

    private static String secret(Path dir, String name) {
        try {
            return Files.writeString(dir.resolve(name), "s3cret-" + name).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets (or, with null, removes) a key in the configuration file. */
    FactsBuilder with(String key, String value) {
        if (value == null) {
            file.remove(key);
        } else {
            file.put(key, value);
        }
        return this;
    }

    /** Sets a key in the environment (by its property name: SmallRye maps it as it maps OUTPOST_... ). */
    FactsBuilder withEnv(String key, String value) {
        env.put(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"), value);
        return this;
    }

    FactsBuilder listening(String host) {
        apiHost = host;
        return this;
    }

    FactsBuilder seen(String route, RouteSeen observed) {
        seen.put(route, observed);
        return this;
    }

    Facts build() {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withMapping(OutpostConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withConverter(RateLimit.class, 200, new RateLimitConverter())
                .withConverter(ByteBudget.class, 200, new ByteBudgetConverter())
                .withSources(new PropertiesConfigSource(file, "PropertiesConfigSource[source=application.properties]",
                        250))
                .withSources(new EnvConfigSource(env, 300));
        new ConfigRules().configBuilder(builder);
        SmallRyeConfig config = builder.build();
        return new Facts(config.getConfigMapping(OutpostConfig.class), new ConfigKeySources(config), apiHost,
                seen, NOW);
    }
}
