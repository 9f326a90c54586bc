package io.outpost.upstream;

import java.nio.file.Path;
import java.util.function.LongConsumer;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * What a transfer moves without holding it in memory: a request body read from a file, and a response body
 * handed to a sink. A streamed exchange may run for hours, so the route's {@code timeout} bounds how long
 * it may stand still (no byte either way, or no answer after the body) instead of its whole length.
 *
 * @param requestBody file sent as the body, from {@code requestFrom} to its end (that length as
 *        Content-Length), or null to send the request's own body (if any)
 * @param requestFrom the first byte of the file to send: 0, or where a resumed upload goes on
 * @param responseSink where a response body goes, or null to keep it in memory as for any request
 * @param progress told of every chunk moved, in bytes (either way)
 */
public record Streaming(Path requestBody, long requestFrom, ResponseSink responseSink, LongConsumer progress) {

    /** A response body to a sink, nothing sent but headers. */
    public static Streaming into(ResponseSink sink, LongConsumer progress) {
        return new Streaming(null, 0, sink, progress);
    }

    /** A file sent from byte {@code from}; the (short) response kept in memory. */
    public static Streaming from(Path file, long from, LongConsumer progress) {
        return new Streaming(file, from, null, progress);
    }

    /** Decides, from status and headers, where the body of a response goes. */
    public interface ResponseSink {
        /**
         * A stream to pipe the body into (it is not ended: the caller syncs and closes what it opened), or
         * null to read the body into memory up to the request's limit (an error status, whose excerpt
         * matters). A failed future fails the exchange.
         */
        Future<WriteStream<Buffer>> open(int status, MultiMap headers);
    }
}
