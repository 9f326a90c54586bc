package io.outpost.delivery;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * A request on its way through a route's pipeline. Stages derive changed copies; the headers are a fresh
 * map per request, so a stage may add to them.
 *
 * @param maxResponseBytes how much of the response body to keep; the rest is read and dropped
 */
public record OutboundRequest(String route, HttpMethod method, String uri, MultiMap headers, Buffer body,
        int maxResponseBytes) {

    public OutboundRequest withBody(Buffer newBody) {
        return new OutboundRequest(route, method, uri, headers, newBody, maxResponseBytes);
    }
}
