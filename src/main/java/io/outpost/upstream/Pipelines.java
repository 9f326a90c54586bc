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
import io.outpost.fleet.Fleet;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.core.Vertx;

/**
 * Builds each route's outbound pipeline at start-up. The order of the stages is set here and only here:
 * metrics, offline gate, guard (throttle, circuit breaker, bulkhead, timeout), auth, compression, wire bytes
 * (what a metered link is charged, {@link WireMeter}), transport. The relay, cached reads and transfers go through these.
 *
 * <p>What bypasses the pipeline: a stream's connections ({@code io.outpost.stream}: SSE, long poll and the
 * WebSocket handshake) go out on the stream's own Vert.x clients, built by {@code StreamRunners}, not
 * through {@link Pipeline#send}, and skip every stage:
 * <ul>
 * <li><b>guard</b>: an SSE response or a WebSocket lives for hours and a long poll waits 30 s by design;
 * each would hold a bulkhead place for as long (starving the route's messages) and be cut by the route's
 * {@code timeout} (10 s by default, a third of a poll's wait), and its end is a normal event, not a failure
 * the circuit breaker should count. So even the long poll, plain request/response as it is, stays out: a
 * guard without timeout and bulkhead would be a second pipeline shape, for one request every 30 s. A
 * stream instead reconnects under its own backoff ({@code ReconnectPolicy}) and watches its heartbeats;
 * its connect timeout is the heartbeat timeout (at most 10 s), a poll's idle timeout the wait plus that;
 * no throttle applies.</li>
 * <li><b>offline gate</b>: a stream keeps trying while its route is down (the attempt is what finds the
 * server back), and the long-poll fallback runs precisely while the main transport fails; it skips the
 * rest of its backoff when the link monitor reports the route reachable again.</li>
 * <li><b>transport</b>: the WebSocket upgrade is Vert.x's {@code WebSocketClient}, not the
 * {@code HttpClient} the transport stage pools, and an SSE response is read as a stream of chunks, not
 * buffered into an {@link UpstreamResponse}; a stream's URL may also be on another server than its
 * route's.</li>
 * <li><b>metrics</b>: a stream has its own series ({@code StreamMetrics}: connected, events, reconnects,
 * heartbeat misses), not the request latency and outcome counts of {@link MetricsStage}.</li>
 * <li><b>auth</b> and <b>compression</b>, as stages: see below for what they apply instead.</li>
 * </ul>
 * What a stream that names a route applies itself, at every (re)connect: the route's headers, then the
 * stream's, then the route's credentials through the same {@link UpstreamAuth} as the auth stage
 * ({@link #auth(String)}: a fresh token each time; a 401 is a failed connection, retried under the
 * backoff, with no refresh-and-retry as the auth stage does); the route's TLS settings on its HTTP and
 * WebSocket clients ({@link UpstreamClients}, which builds every client to an upstream); gzip answers
 * accepted ({@code setTryUseCompression}); and the link state: a stream to its route's own server reports each connection and failure to the link monitor, as
 * the offline gate's answers do ({@code LinkReport}). A stream with no route gets only its own headers.
 */
@ApplicationScoped
public class Pipelines {

    private final Map<String, Pipeline> pipelines = new HashMap<>();
    private final Map<String, GuardStage> guards = new HashMap<>();
    private final Map<String, TransportStage> transports = new HashMap<>();
    private final Map<String, UpstreamAuth> auths = new HashMap<>();
    private final List<BiConsumer<String, CircuitBreakerState>> circuitListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<OutboundRequest, UpstreamResponse>> answerListeners = new CopyOnWriteArrayList<>();

    Pipelines(OutpostConfig config, Vertx vertx, UpstreamClients clients, MeterRegistry registry, LinkGate links,
            UpstreamAuth.Factory auth, WireMeter meter, Fleet fleet) {
        config.routes().forEach((name, route) -> {
            GuardStage guard = new GuardStage(name, route,
                    state -> circuitListeners.forEach(l -> l.accept(name, state)), fleet::agents);
            TransportStage transport = new TransportStage(vertx, route, () -> clients.pooled(name, true),
                    () -> clients.pooled(name, false));
            guards.put(name, guard);
            transports.put(name, transport);
            auths.put(name, auth.forRoute(name, route));
            pipelines.put(name, new Pipeline(List.of(
                    new MetricsStage(registry, name, (request, answer) -> answerListeners.forEach(
                            l -> l.accept(request, answer))),
                    new OfflineGateStage(links),
                    guard,
                    new AuthStage(auths.get(name)),
                    compression(route),
                    new WireBytesStage(meter),
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

    /** What a failure of a request to the route (the pipeline's failed {@code Uni}) means to a waiting client. */
    public NoAnswer noAnswer(String route, Throwable failure) {
        return NoAnswer.of(failure, guards.get(route).reopensIn());
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

    /** Called with every answer an upstream gave (any status), on the thread that got it. */
    public void onAnswer(BiConsumer<OutboundRequest, UpstreamResponse> listener) {
        answerListeners.add(listener);
    }

    @PreDestroy
    void close() {
        transports.values().forEach(TransportStage::close);
    }
}
