package io.outpost.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

import jakarta.annotation.Priority;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Points the datasources at the store when they read their settings. With
 * {@code quarkus.datasource.reactive.url} set, that external PostgreSQL is used and Flyway's JDBC URL is
 * derived from it; otherwise the embedded server is started here, because the datasources read their
 * URLs before any bean could start it. An interceptor rather than a config source: it sees the whole
 * configuration (files named by {@code quarkus.config.locations} included), which sources created by
 * factories cannot.
 */
@Priority(Priorities.APPLICATION)
public class StoreConfigInterceptor implements ConfigSourceInterceptor {

    private static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    private static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    private static final String USERNAME = "quarkus.datasource.username";
    private static final Set<String> KEYS = Set.of(REACTIVE_URL, JDBC_URL, USERNAME);

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!KEYS.contains(name) || !forRunningApplication()) {
            return value;
        }
        ConfigValue external = name.equals(REACTIVE_URL) ? value : context.proceed(REACTIVE_URL);
        if (external != null && external.getValue() != null) {
            return name.equals(JDBC_URL) && (value == null || value.getValue() == null)
                    ? derived(name, JdbcUrls.fromReactive(external.getValue()))
                    : value;
        }
        EmbeddedStore store = StoreStartup.start(settings(context));
        return derived(name, switch (name) {
            case REACTIVE_URL -> store.reactiveUrl();
            case JDBC_URL -> store.jdbcUrl();
            default -> EmbeddedStore.USER;
        });
    }

    /** Makes the three keys known to config mappings, which only read the names they find. */
    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        if (!forRunningApplication()) {
            return context.iterateNames();
        }
        Set<String> names = new LinkedHashSet<>();
        context.iterateNames().forEachRemaining(names::add);
        names.addAll(KEYS);
        return names.iterator();
    }

    private static ConfigValue derived(String name, String value) {
        return ConfigValue.builder().withName(name).withValue(value).withRawValue(value)
                .withConfigSourceName("outpost-store").build();
    }

    /**
     * Config is also read by the build, by the test launcher and by tooling; only the running application's
     * runtime config (built by Quarkus's generated {@code Config} class) may start a database.
     */
    private static boolean forRunningApplication() {
        return StackWalker.getInstance().walk(frames -> frames
                .anyMatch(f -> f.getClassName().equals("io.quarkus.runtime.generated.Config")));
    }

    static EmbeddedStore.Settings settings(ConfigSourceInterceptorContext context) {
        return new EmbeddedStore.Settings(
                Path.of(value(context, "outpost.data-dir", "data", Function.identity())).toAbsolutePath(),
                value(context, "outpost.store.embedded.port", "0", Integer::parseInt),
                value(context, "outpost.store.embedded.shared-buffers", "16MB", Function.identity()),
                value(context, "outpost.store.embedded.max-connections", "20", Integer::parseInt),
                value(context, "outpost.store.embedded.startup-timeout", "60s", StoreConfigInterceptor::duration));
    }

    private static Duration duration(String value) {
        return DurationConverter.parseDuration(value);
    }

    /** Fully resolved (profiles, expressions, every source), whatever this interceptor's place in the chain. */
    private static <T> T value(ConfigSourceInterceptorContext context, String key, String fallback,
            Function<String, T> parse) {
        ConfigValue value = context.restart(key);
        String raw = value == null || value.getValue() == null ? fallback : value.getValue();
        try {
            return parse.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid value '" + raw + "' for " + key + ": " + e.getMessage(), e);
        }
    }
}
