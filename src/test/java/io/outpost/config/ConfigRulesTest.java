package io.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.smallrye.config.ConfigValidationException;

/** The agent's config rules run while SmallRye Config builds the mapping, and report every problem by key. */
class ConfigRulesTest {

    private static OutpostConfig build(Map<String, String> keys) {
        Map<String, String> props = new HashMap<>(Map.of("outpost.routes.r.url", "http://127.0.0.1:9/"));
        props.putAll(keys);
        return Configs.build(props);
    }

    @Test
    void theDefaultsPass() {
        assertThat(build(Map.of()).routes()).containsOnlyKeys("r");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "outpost.routes.r.url|ftp://x|outpost.routes.r.url: must be an absolute http:// or https:// URL",
            "outpost.routes.r.concurrency|0|outpost.routes.r.concurrency: must be at least 1",
            "outpost.routes.r.budget.reserve-priority|10|outpost.routes.r.budget.reserve-priority: must be 0 to 9",
            "outpost.routes.r.budget.reserve-priority|-1|outpost.routes.r.budget.reserve-priority: must be 0 to 9",
            "outpost.routes.r.retry.max-attempts|-2|outpost.routes.r.retry.max-attempts",
            "outpost.routes.r.retry.max-delay|-5s|outpost.routes.r.retry.max-delay: must be positive",
            "outpost.routes.r.auth.type|jwt|outpost.routes.r.auth.jwt.key-file: required for auth.type=jwt",
            "outpost.routes.r.auth.type|oauth2|outpost.routes.r.auth.oauth2.token-url: required for auth.type=oauth2",
            "outpost.routes.r.auth.type|api-key|outpost.routes.r.auth.api-key.value: required for auth.type=api-key",
            "outpost.routes.r.auth.jwt.key-file|/nonexistent/key.pem|outpost.routes.r.auth.jwt.key-file: cannot read",
            "outpost.api.token-file|/nonexistent/token|outpost.api.token-file: cannot read /nonexistent/token",
            "outpost.routes.r.circuit-breaker.failure-ratio|1.5|outpost.routes.r.circuit-breaker.failure-ratio",
            "outpost.routes.r.circuit-breaker.request-volume|0|outpost.routes.r.circuit-breaker.request-volume",
            "outpost.outbox.max-messages|0|outpost.outbox.max-messages: must be at least 1",
            "outpost.routes.r.batch.max-messages|0|outpost.routes.r.batch.max-messages: must be 1 (no batching) to 10000",
            "outpost.routes.r.batch.max-messages|10001|outpost.routes.r.batch.max-messages",
            "outpost.routes.r.batch.format|csv|outpost.routes.r.batch.format",
            "outpost.routes.r.batch.max-bytes|ten|outpost.routes.r.batch.max-bytes",
            "outpost.routes.r.batch.max-bytes|0|outpost.routes.r.batch.max-bytes: must be at least 1 byte",
            "outpost.routes.r.batch.linger|-1s|outpost.routes.r.batch.linger: must not be negative",
            "outpost.outbox.commit-batch-size|10001|outpost.outbox.commit-batch-size: must be 1 to 10000",
            "outpost.store.embedded.port|65536|outpost.store.embedded.port",
            "outpost.store.embedded.max-connections|4|outpost.store.embedded.max-connections: must be at least 5",
            "outpost.cache.memory.max-entries|-1|outpost.cache.memory.max-entries: must not be negative",
            "outpost.transfers.concurrency|0|outpost.transfers.concurrency: must be at least 1",
            "outpost.connectivity.failure-threshold|0|outpost.connectivity.failure-threshold: must be at least 1",
            "outpost.connectivity.degraded-failure-ratio|-0.1|outpost.connectivity.degraded-failure-ratio",
            "outpost.streams.s.fallback-after|0|outpost.streams.s.fallback-after: must be at least 1",
            "outpost.streams.s.retention|0|outpost.streams.s.retention: must be at least 1" })
    void aValueOutOfBoundsStopsTheBuildNamingItsKey(String key, String value, String problem) {
        Map<String, String> keys = new HashMap<>(Map.of(key, value));
        if (key.startsWith("outpost.streams.s.")) {
            keys.put("outpost.streams.s.url", "wss://feed.test/");
        }
        if (key.startsWith("outpost.routes.r.auth.jwt.")) {
            keys.put("outpost.routes.r.auth.type", "jwt");
        }
        assertThatThrownBy(() -> build(keys)).isInstanceOf(ConfigValidationException.class).hasMessageContaining(problem);
    }

    @Test
    void batchSizesReadAsTheContractWritesThem() {
        assertThat(build(Map.of()).routes().get("r").batch().maxBytes()).isEqualTo(1 << 20);
        assertThat(build(Map.of("outpost.routes.r.batch.max-bytes", "512KiB")).routes().get("r").batch().maxBytes())
                .isEqualTo(512 << 10);
        assertThat(build(Map.of("outpost.routes.r.batch.max-bytes", "2M", "outpost.routes.r.batch.format", "json-array"))
                .routes().get("r").batch()).satisfies(b -> {
                    assertThat(b.maxBytes()).isEqualTo(2 << 20);
                    assertThat(b.format()).isEqualTo(RouteBatchConfig.Format.JSON_ARRAY);
                });
    }

    @Test
    void anEmptyTokenFileStopsTheBuild(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), " \n");
        assertThatThrownBy(() -> build(Map.of("outpost.api.token-file", token.toString())))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("outpost.api.token-file: " + token + " is empty");
        Files.writeString(token, "s3cret\n");
        assertThat(build(Map.of("outpost.api.token-file", token.toString())).api().tokenFile()).hasValue(token);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> build(Map.of("outpost.routes.r.concurrency", "0", "outpost.outbox.max-messages", "0",
                "outpost.routes.bad name.url", "http://x.test/")))
                .isInstanceOfSatisfying(ConfigValidationException.class, e -> assertThat(e.getProblemCount()).isEqualTo(3))
                .hasMessageContaining("outpost.routes.r.concurrency").hasMessageContaining("outpost.outbox.max-messages")
                .hasMessageContaining("a route name must be");
    }

    @Test
    void aBudgetAndItsReserveAreReadFromOneKeyAndItsChild() {
        RouteConfig route = build(Map.of("outpost.routes.r.budget", "100MiB/1d",
                "outpost.routes.r.budget.reserve-priority", "3")).routes().get("r");
        assertThat(route.budget().limit()).hasValue(new ByteBudget(100L << 20, java.time.Duration.ofDays(1)));
        assertThat(route.budget().reservePriority()).isEqualTo(3);
        RouteConfig plain = build(Map.of()).routes().get("r");
        assertThat(plain.budget().limit()).isEmpty();
        assertThat(plain.budget().reservePriority()).isEqualTo(1);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = { "ten/1d", "-1MiB/1d", "100Mb/1d", "100MiB/fortnight" })
    void anInvalidBudgetStopsTheBuildNamingItsKey(String value) {
        assertThatThrownBy(() -> build(Map.of("outpost.routes.r.budget", value)).routes().get("r").budget().limit())
                .hasMessageContaining("outpost.routes.r.budget").hasMessageContaining(value);
    }
}
