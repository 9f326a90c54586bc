package io.outpost.api;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.outpost.cache.CachedReads;
import io.outpost.cache.FetchFailed;
import io.outpost.cache.Served;
import io.outpost.config.OutpostConfig;
import io.outpost.upstream.NoAnswer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET|HEAD /v1/routes/{route}/fetch/{path...}}: an upstream read through the route's pipeline with the
 * cache in front; the other methods are sent on by {@link Forwarding}, never through the cache. A plain Vert.x
 * route, like {@link AcceptRoute}, so that a cache hit costs a map lookup and a write, and the raw path and
 * query reach the upstream exactly as the client sent them. Documented in {@code META-INF/openapi.yaml}.
 */
@Singleton
public class FetchRoute {

    private static final String FETCH = "/fetch";

    private final CachedReads reads;
    private final Forwarding forwarding;
    private final OutpostConfig config;

    FetchRoute(CachedReads reads, Forwarding forwarding, OutpostConfig config) {
        this.reads = reads;
        this.forwarding = forwarding;
        this.config = config;
    }

    void install(@Observes Router router) {
        PlainRoutes.serve(router, "/v1/routes/[^/]+/fetch(/.*)?", this::fetch, HttpMethod.GET, HttpMethod.HEAD,
                HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);
    }

    private void fetch(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        RoutePath at;
        try {
            at = RoutePath.of(request, FETCH);
            if (!config.routes().containsKey(at.route())) {
                throw Problems.unknownRoute(at.route());
            }
        } catch (ProblemException e) {
            BodyRefusal.refuse(ctx, Math.max(0, BodyRefusal.contentLength(request)), e);
            return;
        }
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            forwarding.forward(ctx, at);
            return;
        }
        String route = at.route();
        String target = at.target();
        Context context = Vertx.currentContext();
        // a memory hit completes at once, on this event loop: answered there and then, without a task hop
        reads.fetch(route, target, request.headers()).subscribe().with(
                served -> onContext(context, () -> respond(ctx.response(), served, route, target)),
                failure -> onContext(context, () -> failed(ctx, failure)));
    }

    private static void onContext(Context context, Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private void respond(HttpServerResponse response, Served served, String route, String target) {
        if (response.closed()) {
            return;
        }
        response.setStatusCode(served.status());
        response.headers().addAll(served.headers());
        String location = response.headers().get(HttpHeaders.LOCATION);
        if (location != null) { // rewritten when served, not when stored: the route's URL may change
            response.headers().set(HttpHeaders.LOCATION,
                    Locations.forClient(location, route, config.routes().get(route).url(), target));
        }
        response.end(served.body());
    }

    private static void failed(RoutingContext ctx, Throwable failure) {
        if (failure instanceof FetchFailed f && f.status() == 502) {
            ProblemWriter.write(ctx.response(), new Problem(Problems.type("response-too-large"),
                    "Upstream response too large", 502, f.getMessage(), null),
                    Map.of(Problems.OUTPOST_ERROR, "response-too-large"));
        } else if (failure instanceof FetchFailed f) { // a read with nothing to serve is a 504 whatever the cause
            ProblemWriter.write(ctx.response(), Problems.noAnswer(f.status(),
                    f.noAnswer().map(NoAnswer::reason).orElse("not-stored"), f.getMessage(),
                    f.noAnswer().flatMap(NoAnswer::retryAfter)));
        } else {
            ctx.fail(failure);
        }
    }
}
