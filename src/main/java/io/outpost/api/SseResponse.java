package io.outpost.api;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * A response of server-sent events with one way to its end, whoever ends it (the client going away, the
 * stream being over, or the agent stopping): the keep-alive stopped, the stop's hold let go and the owner's
 * clean-up run, once. Used on its request's context only, except {@link #end()}.
 */
final class SseResponse {

    private final HttpServerResponse response;
    private final Context context;
    private final Runnable release;
    private final long keepAlive;
    private Runnable onClose = () -> {
    };
    private boolean closed;

    /**
     * Sends the headers and {@code comment} (so that they go out now, before any event), and a keep-alive
     * comment every {@code keepAliveMillis} while the client keeps up.
     */
    SseResponse(HttpServerResponse response, Context context, long keepAliveMillis, String comment,
            OpenResponses open) {
        this.response = response;
        this.context = context;
        response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").putHeader("X-Accel-Buffering", "no");
        response.closeHandler(v -> close());
        response.exceptionHandler(e -> close());
        response.write(":" + comment + "\n\n");
        this.keepAlive = context.owner().setPeriodic(keepAliveMillis, id -> {
            if (!closed && !response.writeQueueFull()) {
                response.write(":keep-alive\n\n");
            }
        });
        this.release = open.hold(this::end);
    }

    /** Runs when the response ends, whoever ends it. */
    SseResponse onClose(Runnable action) {
        this.onClose = action;
        return this;
    }

    boolean closed() {
        return closed;
    }

    /** Writes {@code events}; false when the client is behind (then {@code drained} runs once it caught up). */
    boolean write(String events, Runnable drained) {
        return write(Buffer.buffer(events), drained);
    }

    /** As {@link #write(String, Runnable)}, of bytes already encoded. */
    boolean write(Buffer events, Runnable drained) {
        if (closed) {
            return false;
        }
        response.write(events);
        if (!response.writeQueueFull()) {
            return true;
        }
        response.drainHandler(v -> {
            response.drainHandler(null);
            drained.run();
        });
        return false;
    }

    /** Ends the response from any thread. */
    void end() {
        context.runOnContext(v -> {
            if (!closed) {
                close();
                response.end();
            }
        });
    }

    private void close() {
        if (!closed) {
            closed = true;
            release.run();
            context.owner().cancelTimer(keepAlive);
            onClose.run();
        }
    }
}
