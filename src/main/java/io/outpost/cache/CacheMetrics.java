package io.outpost.cache;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.cache.Served.Result;
import io.outpost.config.OutpostConfig;
import io.quarkus.runtime.Startup;

/**
 * {@code outpost_cache_requests_total{route,result}} (hit, miss, stale, revalidated), and per layer
 * (memory, store) {@code outpost_cache_bytes}, {@code outpost_cache_entries} and
 * {@code outpost_cache_evictions_total}. Memory bytes are the weights the bound is enforced on: every
 * entry counts at least {@code max-bytes / max-entries}.
 */
@Startup
@ApplicationScoped
public class CacheMetrics {

    private final Map<String, Map<Result, Counter>> served = new HashMap<>();

    CacheMetrics(MeterRegistry registry, OutpostConfig config, CacheLayers layers) {
        for (String route : config.routes().keySet()) {
            Map<Result, Counter> counters = new EnumMap<>(Result.class);
            for (Result r : Result.values()) {
                counters.put(r, Counter.builder("outpost_cache_requests_total").tag("route", route)
                        .tag("result", r.header()).description("Cached reads by how they were answered")
                        .register(registry));
            }
            served.put(route, counters);
        }
        Gauge.builder("outpost_cache_bytes", layers, CacheLayers::memoryBytes).tag("layer", "memory")
                .description("Bytes held by the read cache").register(registry);
        Gauge.builder("outpost_cache_bytes", layers, CacheLayers::storeBytes).tag("layer", "store")
                .description("Bytes held by the read cache").register(registry);
        Gauge.builder("outpost_cache_entries", layers, CacheLayers::memoryEntries).tag("layer", "memory")
                .description("URLs held in the memory layer").register(registry);
        FunctionCounter.builder("outpost_cache_evictions_total", layers, CacheLayers::memoryEvictions)
                .tag("layer", "memory").description("Responses evicted to stay within the layer's bound")
                .register(registry);
        FunctionCounter.builder("outpost_cache_evictions_total", layers, CacheLayers::storeEvictions)
                .tag("layer", "store").description("Responses evicted to stay within the layer's bound")
                .register(registry);
    }

    void served(String route, Result result) {
        served.get(route).get(result).increment();
    }
}
