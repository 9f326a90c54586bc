package io.outpost.api;

import io.outpost.upstream.HopByHop;
import io.outpost.upstream.Streaming;
import io.outpost.upstream.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;

/**
 * Where a forwarded request's answer goes: the local client's response, status and headers (minus hop-by-hop
 * ones) as the upstream sent them, the body piped through as it arrives (the transport's back-pressure
 * holds the upstream while the client is slow). A 401 is kept in memory instead: the auth stage may refresh
 * the credentials and ask again, and only the last answer may reach the client.
 */
final class ClientSink implements Streaming.ResponseSink {

    private final HttpServerResponse response;
    private final String route;
    private final String routeUrl;
    private final String target;
    private volatile boolean opened;

    ClientSink(HttpServerResponse response, String route, String routeUrl, String target) {
        this.response = response;
        this.route = route;
        this.routeUrl = routeUrl;
        this.target = target;
    }

    @Override
    public Future<WriteStream<Buffer>> open(int status, MultiMap headers) {
        if (status == 401) {
            return Future.succeededFuture();
        }
        opened = true;
        head(status, headers, true);
        return Future.succeededFuture(response);
    }

    /** Whether the client's response has begun: after that, a failure can only cut it. */
    boolean opened() {
        return opened;
    }

    /** Ends the response: piped already, or the answer kept in memory. */
    void finish(UpstreamResponse answer) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (opened) {
            response.end();
            return;
        }
        head(answer.status(), answer.headers(), false);
        response.end(answer.body() == null ? Buffer.buffer() : answer.body());
    }

    /** The answer broke off after it had begun: the client must see a cut response, not a short whole one. */
    void cut() {
        if (!response.closed()) {
            response.reset();
        }
    }

    private void head(int status, MultiMap upstream, boolean streamed) {
        MultiMap headers = HopByHop.without(upstream, name -> !streamed && name.equals("content-length"));
        response.setStatusCode(status);
        response.headers().addAll(headers);
        String location = headers.get(HttpHeaders.LOCATION);
        if (location != null) {
            response.headers().set(HttpHeaders.LOCATION, Locations.forClient(location, route, routeUrl, target));
        }
        // no length (a decompressed or chunked answer): chunked, unless the status has no body at all
        if (streamed && !headers.contains(HttpHeaders.CONTENT_LENGTH) && status != 204 && status != 304) {
            response.setChunked(true);
        }
    }
}
