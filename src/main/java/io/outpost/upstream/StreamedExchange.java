package io.outpost.upstream;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * One streamed exchange of a transfer: the body read from a file as it is sent, the response body written to
 * the sink as it arrives, both with back-pressure, so memory holds a few chunks whatever the size. Instead of
 * a deadline, a watchdog resets the request when nothing moved for the route's timeout: before the answer
 * that is a first-byte timeout, during a body an idle timeout.
 */
final class StreamedExchange {

    private final Vertx vertx;
    private final OutboundRequest request;
    private final Streaming streaming;
    private final long idleNanos;
    private final Promise<UpstreamResponse> result = Promise.promise();
    private final AtomicLong lastMove = new AtomicLong(System.nanoTime());
    private volatile HttpClientRequest sent;

    StreamedExchange(Vertx vertx, OutboundRequest request, Duration idle) {
        this.vertx = vertx;
        this.request = request;
        this.streaming = request.streaming();
        this.idleNanos = idle.toNanos();
    }

    Future<UpstreamResponse> run(HttpClient client) {
        long period = Math.max(20, Math.min(1000, idleNanos / 4_000_000));
        long watchdog = vertx.setPeriodic(period, id -> {
            long still = System.nanoTime() - lastMove.get();
            if (still > idleNanos && result.tryFail(new TimeoutException("nothing moved for "
                    + idleNanos / 1_000_000 + " ms"))) {
                reset();
            }
        });
        result.future().onComplete(r -> vertx.cancelTimer(watchdog));
        client.request(new RequestOptions().setMethod(request.method()).setAbsoluteURI(request.uri())
                .setHeaders(request.headers()))
                .compose(req -> {
                    sent = req;
                    moved(0);
                    // The response's handlers are set by a listener of the response future itself: a listener
                    // further down the chain may run later (another context's task), after a short body ended.
                    return (streaming.requestBody() != null ? sendFile(req)
                            : request.body() != null ? req.send(request.body()) : req.send()).compose(this::receive);
                })
                .onComplete(r -> {
                    if (r.succeeded()) {
                        result.tryComplete(r.result());
                    } else {
                        result.tryFail(r.cause());
                    }
                });
        return result.future();
    }

    /** Resets the request (on a cancellation or a timeout), so its connection is not reused half-read. */
    void reset() {
        HttpClientRequest req = sent;
        if (req != null) {
            req.reset();
        }
    }

    private void moved(long bytes) {
        lastMove.set(System.nanoTime());
        if (bytes > 0) {
            streaming.progress().accept(bytes);
        }
    }

    private Future<HttpClientResponse> sendFile(HttpClientRequest req) {
        return vertx.fileSystem().props(streaming.requestBody().toString()).compose(props -> vertx.fileSystem()
                .open(streaming.requestBody().toString(), new OpenOptions().setRead(true).setWrite(false)
                        .setCreate(false))
                .compose(file -> {
                    file.setReadPos(streaming.requestFrom());
                    req.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(props.size() - streaming.requestFrom()));
                    pump(file, req).onSuccess(v -> req.end()).onFailure(e -> {
                        result.tryFail(e);
                        reset();
                    }).onComplete(v -> file.close());
                    return req.response();
                }));
    }

    private Future<UpstreamResponse> receive(HttpClientResponse response) {
        moved(0);
        response.pause();
        Future<WriteStream<Buffer>> sink = streaming.responseSink() == null ? Future.succeededFuture()
                : streaming.responseSink().open(response.statusCode(), response.headers());
        return sink.compose(stream -> {
            if (stream == null) {
                Future<UpstreamResponse> read = TransportStage.read(response, request.maxResponseBytes());
                response.resume();
                return read;
            }
            return pump(response, stream).map(v -> new UpstreamResponse(response.statusCode(), response.headers(),
                    Buffer.buffer()));
        });
    }

    /**
     * Copies until the source ends, pausing it while the destination's queue is full; does not end it. The
     * destination may call its drain handler on another thread (a file written by a worker); the source is
     * resumed on its own context all the same, so that its chunks never arrive on two threads at once.
     */
    private Future<Void> pump(ReadStream<Buffer> from, WriteStream<Buffer> to) {
        Promise<Void> done = Promise.promise();
        Context own = vertx.getOrCreateContext();
        from.handler(chunk -> {
            moved(chunk.length());
            to.write(chunk).onFailure(done::tryFail);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> own.runOnContext(x -> from.resume()));
            }
        });
        from.exceptionHandler(done::tryFail);
        to.exceptionHandler(done::tryFail);
        from.endHandler(v -> done.tryComplete());
        from.resume();
        return done.future();
    }
}
