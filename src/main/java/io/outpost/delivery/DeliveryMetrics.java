package io.outpost.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.outbox.MessageStatus;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Delivery meters per route: {@code outpost.delivery.messages{route,result}} for delivered, retried,
 * dead and expired; {@code outpost.delivery.in.flight}; {@code outpost.delivery.circuit} (0 closed,
 * 1 half-open, 2 open); {@code outpost.delivery.batch.messages} (messages per batch request). Request latency is timed by the pipeline's metrics stage.
 */
@ApplicationScoped
public class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Counter> claims = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> batches = new ConcurrentHashMap<>();

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void outcome(String route, AttemptResult result) {
        String kind = result.status() != MessageStatus.QUEUED ? result.status().wire()
                : result.attempted() ? "retried" : null;
        if (kind != null) {
            count(route, kind, 1);
        }
    }

    void count(String route, String result, long n) {
        counters.computeIfAbsent(route + '\0' + result, k -> Counter.builder("outpost.delivery.messages")
                .description("Delivery attempt results: delivered, retried, dead, expired")
                .tags("route", route, "result", result).register(registry)).increment(n);
    }

    /** A batch (or a half of one, after a refusal) of {@code members} messages went out as one request. */
    void batch(String route, int members) {
        batches.computeIfAbsent(route, r -> DistributionSummary.builder("outpost.delivery.batch.messages")
                .description("Messages per batch request").baseUnit("messages").tag("route", r).register(registry))
                .record(members);
    }

    /** A lane asked the store for due messages: per delivered message, a measure of the relay's overhead. */
    void claimed(String route) {
        claims.get(route).increment();
    }

    <T> void gauges(String route, T lane, ToDoubleFunction<T> inFlight, ToDoubleFunction<String> circuit) {
        claims.put(route, Counter.builder("outpost.delivery.claims").tag("route", route)
                .description("Claims of due messages from the store").register(registry));
        Gauge.builder("outpost.delivery.in.flight", lane, inFlight).tag("route", route)
                .description("Requests in flight to the upstream").register(registry);
        Gauge.builder("outpost.delivery.circuit", route, circuit).tag("route", route)
                .description("Circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
        for (String result : new String[] { "delivered", "retried", "dead", "expired" }) {
            count(route, result, 0);
        }
    }

    static double circuitValue(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
