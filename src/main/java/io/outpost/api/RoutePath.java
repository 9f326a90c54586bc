package io.outpost.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import io.outpost.config.UriEncoding;
import io.vertx.core.http.HttpServerRequest;

/**
 * A {@code /v1/routes/{route}{action}{path}} request taken apart: the route's name, the path after the
 * action, and that path with the query string (what goes upstream), both percent-encoded from the bytes
 * the client sent ({@link UriEncoding#fromRequestLine}), so a raw UTF-8 {@code café} is stored, cached and sent
 * as {@code caf%C3%A9}. The router's patterns have already checked the shape; a path that would step out of
 * the route's URL is refused here, for every plain route.
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
        String encoded = UriEncoding.fromRequestLine(path);
        return new RoutePath(route, encoded, request.query() == null ? encoded
                : encoded + "?" + UriEncoding.fromRequestLine("?" + request.query()).substring(1));
    }
}
