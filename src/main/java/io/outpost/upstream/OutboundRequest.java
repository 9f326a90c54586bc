package io.outpost.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * A request on its way through a route's pipeline. Stages derive changed copies; the headers are a fresh
 * map per request, so a stage may add to them.
 *
 * @param maxResponseBytes how much of the response body to keep; the rest is read and dropped
 * @param streaming a transfer's file body or response sink, null for an ordinary request
 */
public record OutboundRequest(String route, HttpMethod method, String uri, MultiMap headers, Buffer body,
        int maxResponseBytes, Streaming streaming) {

    public OutboundRequest(String route, HttpMethod method, String uri, MultiMap headers, Buffer body,
            int maxResponseBytes) {
        this(route, method, uri, headers, body, maxResponseBytes, null);
    }

    /** A copy with one header set (the original's headers stay as they were). */
    public OutboundRequest withHeader(String name, String value) {
        MultiMap copy = MultiMap.caseInsensitiveMultiMap().addAll(headers).set(name, value);
        return new OutboundRequest(route, method, uri, copy, body, maxResponseBytes, streaming);
    }

    public OutboundRequest withUri(String newUri) {
        return new OutboundRequest(route, method, newUri, headers, body, maxResponseBytes, streaming);
    }

    public OutboundRequest withBody(Buffer newBody) {
        return new OutboundRequest(route, method, uri, headers, newBody, maxResponseBytes, streaming);
    }
}
