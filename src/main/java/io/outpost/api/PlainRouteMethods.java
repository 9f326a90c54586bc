package io.outpost.api;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The plain Vert.x routes (accept, fetch, uploads, transfer content and events, stream events) answer a
 * method they do not serve with 405 and {@code Allow}, and OPTIONS with the same list, as the REST resources
 * do, instead of the 404 a path that exists should not get. Runs just after them: only what they left.
 */
@Singleton
public class PlainRouteMethods {

    private static final int ORDER = -99;
    private static final Map<String, String> ALLOWED = Map.of(
            "/v1/routes/[^/]+/messages(/.*)?", "POST",
            "/v1/routes/[^/]+/fetch(/.*)?", "GET, HEAD",
            "/v1/routes/[^/]+/uploads/.*", "PUT",
            "/v1/transfers/[^/]+/content", "GET, HEAD",
            "/v1/transfers/[^/]+/events", "GET",
            "/v1/streams/[^/]+/events", "GET");

    void install(@Observes Router router) {
        ALLOWED.forEach((path, methods) -> router.routeWithRegex(path).order(ORDER)
                .handler(ctx -> refuse(ctx, methods + ", OPTIONS")));
    }

    private static void refuse(RoutingContext ctx, String allow) {
        if (ctx.request().method() == HttpMethod.OPTIONS) {
            ctx.response().setStatusCode(204).putHeader("Allow", allow).end();
            return;
        }
        ProblemWriter.write(ctx.response(), Problems.notAllowed(ctx.normalizedPath(), allow), Map.of("Allow", allow));
    }
}
