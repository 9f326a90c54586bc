package io.outpost.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Points the datasources at the store. With {@code quarkus.datasource.reactive.url} set, that external
 * PostgreSQL is used (and Flyway's JDBC URL is derived from it); otherwise the embedded server is started
 * here, because the datasources read their URLs before any bean could start it.
 */
public class StoreConfigSourceFactory implements ConfigSourceFactory {

    /** Below application.properties (250), so an operator's explicit datasource settings win. */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!forRunningApplication()) {
            return List.of();
        }
        String reactiveUrl = context.getValue("quarkus.datasource.reactive.url").getValue();
        Map<String, String> props = new HashMap<>();
        if (reactiveUrl != null) {
            if (context.getValue("quarkus.datasource.jdbc.url").getValue() == null) {
                props.put("quarkus.datasource.jdbc.url", JdbcUrls.fromReactive(reactiveUrl));
            }
            return List.of(new PropertiesConfigSource(props, "outpost-external-store", ORDINAL));
        }
        EmbeddedStore store = EmbeddedStore.start(settings(context));
        props.put("quarkus.datasource.reactive.url", store.reactiveUrl());
        props.put("quarkus.datasource.jdbc.url", store.jdbcUrl());
        props.put("quarkus.datasource.username", EmbeddedStore.USER);
        return List.of(new PropertiesConfigSource(props, "outpost-embedded-store", ORDINAL));
    }

    /**
     * Config is also read by the build, by the test launcher and by tooling; only the running application's
     * runtime config (built by Quarkus's generated {@code Config} class) may start a database.
     */
    private static boolean forRunningApplication() {
        return StackWalker.getInstance().walk(frames -> frames
                .anyMatch(f -> f.getClassName().equals("io.quarkus.runtime.generated.Config")));
    }

    static EmbeddedStore.Settings settings(ConfigSourceContext context) {
        return new EmbeddedStore.Settings(
                Path.of(value(context, "outpost.data-dir", "data", Function.identity())).toAbsolutePath(),
                value(context, "outpost.store.embedded.port", "0", Integer::parseInt),
                value(context, "outpost.store.embedded.shared-buffers", "16MB", Function.identity()),
                value(context, "outpost.store.embedded.max-connections", "20", Integer::parseInt),
                value(context, "outpost.store.embedded.startup-timeout", "60s", StoreConfigSourceFactory::duration));
    }

    private static Duration duration(String value) {
        return DurationConverter.parseDuration(value);
    }

    private static <T> T value(ConfigSourceContext context, String key, String fallback, Function<String, T> parse) {
        ConfigValue value = context.getValue(key);
        String raw = value.getValue() == null ? fallback : value.getValue();
        try {
            return parse.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid value '" + raw + "' for " + key + ": " + e.getMessage(), e);
        }
    }
}
