package io.outpost.cache;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.outpost.config.RouteConfig;
import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.Pipelines;
import io.outpost.upstream.UpstreamResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;

/**
 * Upstream GETs for the cache, through the route's pipeline (offline gate, guard, auth, transport). Equal
 * requests in flight at the same time share one upstream request: a hundred readers missing the same URL
 * at once cost the upstream one request, not a hundred.
 */
final class Upstream {

    /** An upstream answer with the times RFC 9111's age calculation needs. */
    record Exchange(UpstreamResponse response, Instant requestTime, Instant responseTime) {
    }

    /** The codings the cache asks for: those it can undo for a client that cannot take them. */
    static final String ACCEPTED_CODINGS = "gzip, deflate";

    private final Pipelines pipelines;
    private final Map<String, RouteConfig> routes;
    private final Clock clock;
    private final int maxBytes;
    private final Map<String, Uni<Exchange>> inFlight = new ConcurrentHashMap<>();

    Upstream(Pipelines pipelines, Map<String, RouteConfig> routes, Clock clock, int maxBytes) {
        this.pipelines = pipelines;
        this.routes = routes;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    /** GETs the target; joins an equal request already in flight. The body is cut one byte past the limit. */
    Uni<Exchange> get(String route, String target, MultiMap headers) {
        String key = collapseKey(route, target, headers);
        return Uni.createFrom().deferred(() -> inFlight.computeIfAbsent(key, k -> send(route, target, headers)
                .onTermination().invoke(() -> inFlight.remove(k))
                .memoize().indefinitely()));
    }

    boolean tooLarge(Exchange exchange) {
        return exchange.response().body() != null && exchange.response().body().length() > maxBytes;
    }

    private Uni<Exchange> send(String route, String target, MultiMap headers) {
        RouteConfig config = routes.get(route);
        MultiMap all = MultiMap.caseInsensitiveMultiMap();
        config.headers().forEach(all::set);
        all.addAll(headers);
        if (!all.contains("Accept-Encoding")) {
            // named here, so the transport hands the answer over with its coding as it came (ContentCoding)
            all.set("Accept-Encoding", ACCEPTED_CODINGS);
        }
        Instant requestTime = clock.instant();
        return pipelines.forRoute(route)
                .send(new OutboundRequest(route, HttpMethod.GET, config.urlFor(target), all, null,
                        maxBytes + 1))
                .map(response -> new Exchange(response, requestTime, clock.instant()));
    }

    /** Requests are equal when route, target and every forwarded header are. */
    private static String collapseKey(String route, String target, MultiMap headers) {
        StringBuilder key = new StringBuilder(route).append('\u0000').append(target);
        Map<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (var h : headers) {
            sorted.merge(h.getKey(), h.getValue(), (a, b) -> a + "," + b);
        }
        sorted.forEach((name, value) -> key.append('\u0000').append(name.toLowerCase()).append('=').append(value));
        return key.toString();
    }
}
