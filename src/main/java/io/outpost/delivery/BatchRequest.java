package io.outpost.delivery;

import java.util.List;

import io.outpost.config.RouteConfig;
import io.outpost.upstream.OutboundRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;

/** How a batch goes out: one POST to the route URL, through the route's pipeline like any message. */
final class BatchRequest {

    private BatchRequest() {
    }

    /**
     * The batch's request: the members' bodies in the route's format, the route's extra headers, the batch's
     * own idempotency key and the members' keys in {@value BatchFormat#KEYS_HEADER}, in body order.
     */
    static OutboundRequest of(String route, RouteConfig config, List<Claimed> members, int maxResponseBytes) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        config.headers().forEach(headers::set);
        headers.set("Content-Type", BatchFormat.contentType(config.batch().format()));
        headers.set("Idempotency-Key", BatchFormat.key(members));
        headers.set(BatchFormat.KEYS_HEADER, BatchFormat.keys(members));
        return new OutboundRequest(route, HttpMethod.POST, config.urlFor(null),
                headers, BatchFormat.body(members, config.batch().format()), maxResponseBytes);
    }
}
