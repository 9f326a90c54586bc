package io.outpost.upstream;

import java.time.Duration;

import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** Requests, responses and waiting for stage results in unit tests. */
final class Exchanges {

    static final Duration WAIT = Duration.ofSeconds(5);

    private Exchanges() {
    }

    static OutboundRequest request(String route, Buffer body) {
        return new OutboundRequest(route, HttpMethod.POST, "http://127.0.0.1:1/x", MultiMap.caseInsensitiveMultiMap(),
                body, 65536);
    }

    static OutboundRequest request(String route) {
        return request(route, Buffer.buffer("{\"n\":1}"));
    }

    static UpstreamResponse response(int status) {
        return new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
    }

    static UpstreamResponse await(Uni<UpstreamResponse> uni) {
        return uni.await().atMost(WAIT);
    }

    /** The failure the Uni ends with, unwrapped; null if it ends with an item. */
    static Throwable failureOf(Uni<?> uni) {
        return uni.onItemOrFailure().transform((item, failure) -> failure).await().atMost(WAIT);
    }
}
