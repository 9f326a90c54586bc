package io.outpost.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import io.netty.handler.codec.compression.Brotli;
import io.smallrye.mutiny.Uni;

/**
 * Counts the bytes of each request as it goes on the wire, for the route's {@link WireMeter}: after auth and
 * compression, just before the transport, so a gzipped body counts at its compressed size and credentials in
 * headers count too. HTTP/1.1 as the transport writes it: the request line, every header (with the
 * {@code host}, {@code content-length} and {@code accept-encoding} the client adds), the blank line and the
 * body. TLS records and TCP/IP headers are not counted (a few percent more on the link).
 *
 * <p>A request is counted once it gets an answer or fails after it left (a timeout, a reset): bytes were then
 * sent whatever came back. One that never left (refused by the gate or the guard before this stage runs, or a
 * connection that could not be opened) costs nothing.
 */
final class WireBytesStage implements Stage {

    private static final int CRLF = 2;
    /**
     * What Vert.x (4.5) sends when it may decompress the answer and the request named no encoding itself: brotli
     * too when Netty can decode it.
     */
    static final String CLIENT_ACCEPT_ENCODING = Brotli.isAvailable() ? "deflate, gzip, br" : "deflate, gzip";

    private final WireMeter meter;

    WireBytesStage(WireMeter meter) {
        this.meter = meter;
    }

    @Override
    public Uni<UpstreamResponse> apply(OutboundRequest request, Chain chain) {
        long bytes = size(request);
        return chain.proceed(request)
                .invoke(response -> meter.sent(request.route(), bytes))
                .onFailure(t -> Classifier.attempted(t) && !(Classifier.unwrap(t) instanceof ConnectException))
                .invoke(t -> meter.sent(request.route(), bytes));
    }

    /** The request's size in HTTP/1.1 framing, as the transport writes it. */
    static long size(OutboundRequest request) {
        URI uri = URI.create(request.uri());
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        long n = request.method().name().length() + 1 + utf8(target) + " HTTP/1.1".length() + CRLF;
        for (Map.Entry<String, String> h : request.headers()) {
            n += header(h.getKey(), h.getValue());
        }
        if (!request.headers().contains("Host")) {
            n += header("host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        }
        long body = bodyLength(request);
        if (body > 0 && !request.headers().contains("Content-Length")) {
            n += header("content-length", Long.toString(body));
        }
        if (!request.headers().contains("Accept-Encoding")) {
            n += header("accept-encoding", CLIENT_ACCEPT_ENCODING);
        }
        return n + CRLF + body;
    }

    private static long bodyLength(OutboundRequest request) {
        Streaming s = request.streaming();
        if (s != null && s.requestBody() != null) {
            try {
                return Math.max(0, Files.size(s.requestBody()) - s.requestFrom());
            } catch (IOException e) {
                return 0;
            }
        }
        return request.body() == null ? 0 : request.body().length();
    }

    private static long header(String name, String value) {
        return utf8(name) + 2 + utf8(value) + CRLF;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
