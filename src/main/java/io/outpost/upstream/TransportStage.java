package io.outpost.upstream;

import java.util.function.Supplier;

import io.outpost.config.RouteConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;

/**
 * Sends the request with the route's own Vert.x HTTP client, built by {@link UpstreamClients#pooled}: a
 * keep-alive pool as large as the route's concurrency, {@code Accept-Encoding} and transparent
 * decompression, the route's TLS settings. A request that names its own {@code Accept-Encoding} goes
 * out on a second pool without decompression and gets the answer's bytes and {@code Content-Encoding}
 * as they came (the cache stores them so). A request cancelled by the guard's timeout is reset, so its
 * connection does not linger.
 */
final class TransportStage implements Stage {

    private final Vertx vertx;
    private final RouteConfig config;
    private final Supplier<HttpClient> clients;
    private final Supplier<HttpClient> rawClients;
    private volatile HttpClient client;
    private volatile HttpClient rawClient;

    TransportStage(Vertx vertx, RouteConfig config, Supplier<HttpClient> clients, Supplier<HttpClient> rawClients) {
        this.vertx = vertx;
        this.config = config;
        this.clients = clients;
        this.rawClients = rawClients;
        this.client = guarded(clients.get());
        this.rawClient = guarded(rawClients.get());
    }

    private static HttpClient guarded(HttpClient client) {
        return client.connectionHandler(UpstreamConnections::opened);
    }

    /**
     * Drops every pooled connection: after the route was unreachable they may be half-open (a blackholed
     * link drops packets without a reset), and a request on one would wait out its whole timeout.
     */
    void resetConnections() {
        HttpClient old = client;
        HttpClient oldRaw = rawClient;
        client = guarded(clients.get());
        rawClient = guarded(rawClients.get());
        old.close();
        oldRaw.close();
    }

    @Override
    public Uni<UpstreamResponse> apply(OutboundRequest request, Chain chain) {
        if (request.streaming() != null) {
            return streamed(request);
        }
        HttpClientRequest[] sent = new HttpClientRequest[1];
        HttpClient to = request.headers().contains("Accept-Encoding") ? rawClient : client;
        return Uni.createFrom().<UpstreamResponse>emitter(emitter -> to.request(new RequestOptions()
                        .setMethod(request.method()).setAbsoluteURI(request.uri()).setHeaders(request.headers()))
                .compose(req -> {
                    sent[0] = req;
                    // read() sets the response's handlers from the response future's own listener: one further
                    // down the chain can run as a later task, after a short body has ended unread
                    return (request.body() == null ? req.send() : req.send(request.body()))
                            .compose(response -> read(response, request.maxResponseBytes()));
                })
                .onComplete(result -> {
                    if (result.succeeded()) {
                        emitter.complete(result.result());
                    } else {
                        emitter.fail(result.cause());
                    }
                }))
                .onCancellation().invoke(() -> {
                    if (sent[0] != null) {
                        sent[0].reset();
                    }
                });
    }

    private Uni<UpstreamResponse> streamed(OutboundRequest request) {
        StreamedExchange exchange = new StreamedExchange(vertx, request, config.timeout());
        return Uni.createFrom().<UpstreamResponse>emitter(emitter -> exchange.run(client).onComplete(result -> {
            if (result.succeeded()) {
                emitter.complete(result.result());
            } else {
                emitter.fail(result.cause());
            }
        })).onCancellation().invoke(exchange::reset);
    }

    /** Keeps up to {@code max} bytes of the body and reads past the rest, so the connection stays usable. */
    static Future<UpstreamResponse> read(HttpClientResponse response, int max) {
        Promise<UpstreamResponse> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            int room = max - body.length();
            if (room > 0) {
                body.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
            }
        });
        response.exceptionHandler(promise::tryFail);
        response.endHandler(v -> promise.tryComplete(new UpstreamResponse(response.statusCode(), response.headers(),
                body)));
        return promise.future();
    }

    void close() {
        client.close();
        rawClient.close();
    }
}
