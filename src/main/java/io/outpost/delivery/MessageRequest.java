package io.outpost.delivery;

import io.outpost.config.RouteConfig;
import io.outpost.upstream.OutboundRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;

/** How a claimed message goes out: the relay's one way of turning a message into a request. */
final class MessageRequest {

    private MessageRequest() {
    }

    /**
     * A message's delivery request: its method and body, the route URL plus its sub-path, its content type,
     * the route's extra headers, and the same idempotency key on every attempt.
     */
    static OutboundRequest of(String route, RouteConfig config, Claimed m, int maxResponseBytes) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        config.headers().forEach(headers::set);
        if (m.contentType() != null) {
            headers.set("Content-Type", m.contentType());
        }
        headers.set("Idempotency-Key", m.deliveryKey());
        return new OutboundRequest(route, HttpMethod.valueOf(m.method()), config.urlFor(m.subpath()), headers,
                m.body(), maxResponseBytes);
    }
}
