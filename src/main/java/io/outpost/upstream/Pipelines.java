package io.outpost.upstream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.config.OutpostConfig;
import io.outpost.config.RouteConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.core.Vertx;

/**
 * Builds each route's outbound pipeline at start-up. The order of the stages is set here and only here:
 * metrics, offline gate, guard (throttle, circuit breaker, bulkhead, timeout), auth, compression,
 * transport. Everything that talks to an upstream (the relay, cached reads) goes through these.
 */
@ApplicationScoped
public class Pipelines {

    private final Map<String, Pipeline> pipelines = new HashMap<>();
    private final Map<String, GuardStage> guards = new HashMap<>();
    private final Map<String, TransportStage> transports = new HashMap<>();
    private final Map<String, UpstreamAuth> auths = new HashMap<>();
    private final List<BiConsumer<String, CircuitBreakerState>> circuitListeners = new CopyOnWriteArrayList<>();

    Pipelines(OutpostConfig config, Vertx vertx, MeterRegistry registry, LinkGate links, UpstreamAuth.Factory auth) {
        config.routes().forEach((name, route) -> {
            GuardStage guard = new GuardStage(name, route,
                    state -> circuitListeners.forEach(l -> l.accept(name, state)));
            TransportStage transport = new TransportStage(vertx, name, route);
            guards.put(name, guard);
            transports.put(name, transport);
            auths.put(name, auth.forRoute(name, route));
            pipelines.put(name, new Pipeline(List.of(
                    new MetricsStage(registry, name),
                    new OfflineGateStage(links),
                    guard,
                    new AuthStage(auths.get(name)),
                    compression(route),
                    transport)));
        });
    }

    private static Stage compression(RouteConfig route) {
        return route.compression() == RouteConfig.Compression.GZIP ? new CompressionStage()
                : (request, chain) -> chain.proceed(request);
    }

    public Pipeline forRoute(String route) {
        Pipeline p = pipelines.get(route);
        if (p == null) {
            throw new IllegalArgumentException("no route " + route);
        }
        return p;
    }

    /** The route's credentials, for streams that share the route's auth. */
    public UpstreamAuth auth(String route) {
        return auths.get(route);
    }

    /** The route's circuit breaker: closed, open or half-open. */
    public CircuitBreakerState circuit(String route) {
        return guards.get(route).circuitState();
    }

    /** Drops the route's pooled connections, which an outage may have left half-open. */
    public void resetConnections(String route) {
        transports.get(route).resetConnections();
    }

    /** Closes the route's circuit breaker: the failures it counted were the outage's, which is over. */
    public void resetCircuit(String route) {
        guards.get(route).resetCircuit();
    }

    /** Called on every circuit breaker transition, with the route's name. */
    public void onCircuitChange(BiConsumer<String, CircuitBreakerState> listener) {
        circuitListeners.add(listener);
    }

    @PreDestroy
    void close() {
        transports.values().forEach(TransportStage::close);
    }
}
