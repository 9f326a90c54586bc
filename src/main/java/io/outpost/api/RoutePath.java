package io.outpost.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import io.vertx.core.http.HttpServerRequest;

/**
 * A {@code /v1/routes/{route}{action}{path}} request taken apart: the route's name, the path after the
 * action, and that path with the query string (what goes upstream). The router's patterns have already
 * checked the shape; a path that would step out of the route's URL is refused here, for every plain route.
 */
record RoutePath(String route, String path, String target) {

    private static final String PREFIX = "/v1/routes/";

    static RoutePath of(HttpServerRequest request, String action) {
        String full = request.path();
        int routeEnd = full.indexOf('/', PREFIX.length());
        String route = URLDecoder.decode(full.substring(PREFIX.length(), routeEnd), StandardCharsets.UTF_8);
        String path = full.substring(routeEnd + action.length());
        if (DotSegments.in(path)) {
            throw DotSegments.refused("path");
        }
        return new RoutePath(route, path, request.query() == null ? path : path + "?" + request.query());
    }
}
