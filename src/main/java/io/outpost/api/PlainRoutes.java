package io.outpost.api;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The API paths served by plain Vert.x handlers (accept, fetch, uploads, transfer content and events, stream
 * events): ahead of the REST resources, and, right behind each, an answer for the methods it does not serve:
 * 405 with {@code Allow}, and OPTIONS with the same list, as the REST resources give, not the 404 a path that
 * exists should not get.
 */
final class PlainRoutes {

    private static final int ORDER = -100;

    private PlainRoutes() {
    }

    /** Serves {@code methods} on the paths {@code pathRegex} matches with {@code handler}, and refuses the rest. */
    static void serve(Router router, String pathRegex, Handler<RoutingContext> handler, HttpMethod... methods) {
        Route route = router.routeWithRegex(pathRegex).order(ORDER);
        Stream.of(methods).forEach(route::method);
        route.handler(handler);
        String allow = Stream.concat(Stream.of(methods).map(HttpMethod::name), Stream.of("OPTIONS")).distinct()
                .collect(Collectors.joining(", "));
        router.routeWithRegex(pathRegex).order(ORDER + 1).handler(ctx -> refuse(ctx, allow));
    }

    private static void refuse(RoutingContext ctx, String allow) {
        if (ctx.request().method() == HttpMethod.OPTIONS) {
            ctx.response().setStatusCode(204).putHeader("Allow", allow).end();
            return;
        }
        ProblemWriter.write(ctx.response(), Problems.notAllowed(ctx.normalizedPath(), allow), Map.of("Allow", allow));
    }
}
