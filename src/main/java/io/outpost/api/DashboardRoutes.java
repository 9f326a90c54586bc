package io.outpost.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The operator dashboard's server side. Its files are static resources of the jar
 * ({@code META-INF/resources/ui/}), served by Quarkus and open to everyone: they hold no data, so the login
 * form can load; every figure on the page comes from {@code /v1} calls that carry the token. Here:
 * {@code GET /} redirects to {@code /ui/}, and every {@code /ui} response gets headers that keep the page
 * from running anything but its own files, from being sniffed into another type, and from being framed
 * (a framing site could click its retry and cancel buttons for the operator).
 */
@Singleton
public class DashboardRoutes {

    /** Ahead of the static-resource handler, behind the URI check and the API token's guard. */
    private static final int ORDER = -900;
    static final String PATH = "/ui/";
    /**
     * Only the page's own files, no inline script or style, calls only to this agent, no plugins, no base
     * or form target elsewhere, no framing.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    void install(@Observes Router router) {
        router.route("/").order(ORDER).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(DashboardRoutes::home);
        // a regex: Vert.x's path "/ui" would match "/ui/" as well, and send the page to itself
        router.routeWithRegex("/ui").order(ORDER).handler(DashboardRoutes::home);
        router.route("/ui/*").order(ORDER).handler(DashboardRoutes::secure);
    }

    private static void home(RoutingContext ctx) {
        secure(ctx.response().headers());
        ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, PATH).end();
    }

    private static void secure(RoutingContext ctx) {
        secure(ctx.response().headers());
        // a new agent version's files must not mix with a cached old page's modules
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        ctx.next();
    }

    private static void secure(io.vertx.core.MultiMap headers) {
        headers.set("Content-Security-Policy", CSP).set("X-Content-Type-Options", "nosniff")
                .set("X-Frame-Options", "DENY").set("Referrer-Policy", "no-referrer")
                .set("Cross-Origin-Opener-Policy", "same-origin");
    }
}
