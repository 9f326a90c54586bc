package io.outpost.api;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.outpost.config.OutpostConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Requires {@code Authorization: Bearer <token>} on every {@code /v1} call, and on {@code /q/metrics} and
 * {@code /q/openapi} unless configured public, when a token is configured. Health stays open. A
 * router-level handler, ahead of everything else, so it guards the REST resources and the plain Vert.x
 * routes alike and unknown paths do not reveal themselves to an unauthenticated caller. A WebSocket upgrade
 * is a GET like any other and is checked before it is upgraded; since a browser cannot put headers on one,
 * it may instead offer the subprotocol {@code outpost.bearer.<token in base64url>} (beside {@code outpost},
 * the one the agent answers with), as {@link WebSocketToken} reads it; never a query parameter, which
 * ends up in logs and histories.
 */
@Singleton
public class ApiAuthentication {

    private static final int ORDER = -1000;
    private static final String BEARER = "Bearer ";

    void install(@Observes Router router, ApiToken token, OutpostConfig config) {
        boolean metricsOpen = config.api().publicMetrics();
        boolean openapiOpen = config.api().publicOpenapi();
        router.route().order(ORDER).handler(ctx -> check(ctx, token, guarded(ctx.normalizedPath(), metricsOpen,
                openapiOpen)));
    }

    static boolean guarded(String rawPath, boolean metricsOpen, boolean openapiOpen) {
        String path = withoutMatrixParameters(rawPath);
        return under(path, "/v1") || (!metricsOpen && under(path, "/q/metrics"))
                || (!openapiOpen && under(path, "/q/openapi"));
    }

    /**
     * The path as the REST layer matches it: it drops matrix parameters ({@code ;name=value} in a segment,
     * also spelled {@code %3B}), so {@code /v1;x/routes} reaches the routes resource and must be guarded as
     * {@code /v1/routes}.
     */
    static String withoutMatrixParameters(String path) {
        String p = path.replace("%3B", ";").replace("%3b", ";");
        return p.indexOf(';') < 0 ? p : p.replaceAll(";[^/]*", "");
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + "?");
    }

    private static void check(RoutingContext ctx, ApiToken token, boolean guarded) {
        if (!guarded || !token.required()) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null && WebSocketToken.matches(ctx.request(), token)) {
            ctx.next();
            return;
        }
        boolean bearer = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
        if (bearer && token.matches(header.substring(BEARER.length()).trim())) {
            ctx.next();
            return;
        }
        String detail = header == null ? "This API needs an Authorization: Bearer <token> header."
                : "The bearer token is not valid.";
        ProblemWriter.write(ctx.response(), new Problem(Problems.type("unauthorized"), "Unauthorized", 401, detail,
                null), Map.of("WWW-Authenticate", "Bearer realm=\"outpost\""));
    }
}
