package io.outpost.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * Gzips request bodies of 1 KiB or more ({@code compression=gzip}); smaller ones gain less than the header
 * costs. Responses are decompressed by the transport, which also sends {@code Accept-Encoding}. A body
 * streamed from a file (a transfer) is sent as it is: its length is declared before it is read.
 */
final class CompressionStage implements Stage {

    static final int THRESHOLD = 1024;

    @Override
    public Uni<UpstreamResponse> apply(OutboundRequest request, Chain chain) {
        Buffer body = request.body();
        if (body == null || body.length() < THRESHOLD || request.headers().contains("Content-Encoding")) {
            return chain.proceed(request);
        }
        return chain.proceed(request.withHeader("Content-Encoding", "gzip").withBody(gzip(body)));
    }

    static Buffer gzip(Buffer body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length() / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body.getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(out.toByteArray());
    }
}
