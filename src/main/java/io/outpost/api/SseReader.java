package io.outpost.api;

import java.util.List;

import io.outpost.stream.StoredEvent;
import io.outpost.stream.Streams;
import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * One local reader of a stream as server-sent events: a page of stored events at a time from its own
 * position, writing the next page only once the client has taken the last one (so a slow reader costs one
 * page of memory, not the backlog), then waiting for the stream to store more. The {@code id:} of each event
 * is its sequence number, which is what the reader's {@code Last-Event-ID} resumes after.
 */
final class SseReader {

    private final Streams streams;
    private final String name;
    private final HttpServerResponse response;
    private final Context context;
    private final long keepAliveMillis;
    private long position;
    private boolean closed;
    private Runnable cancelWait = () -> {
    };
    private long keepAlive = -1;
    private Runnable onClose = () -> {
    };

    SseReader(Streams streams, String name, HttpServerResponse response, Context context, long after,
            long keepAliveMillis) {
        this.streams = streams;
        this.name = name;
        this.response = response;
        this.context = context;
        this.position = after;
        this.keepAliveMillis = keepAliveMillis;
    }

    /** Ends the stream (the agent is stopping); the client reconnects with its Last-Event-ID. */
    void end() {
        context.runOnContext(v -> {
            if (!closed) {
                close();
                response.end();
            }
        });
    }

    /** Runs when the reader goes away, whoever ends it. */
    SseReader onClose(Runnable action) {
        this.onClose = action;
        return this;
    }

    void start() {
        response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").putHeader("X-Accel-Buffering", "no");
        response.closeHandler(v -> close());
        response.exceptionHandler(e -> close());
        response.write(":ok\n\n"); // the headers go out now, before the first event
        keepAlive = context.owner().setPeriodic(keepAliveMillis, id -> {
            if (!closed && !response.writeQueueFull()) {
                response.write(":keep-alive\n\n");
            }
        });
        next();
    }

    private void next() {
        if (closed) {
            return;
        }
        streams.after(name, position, StreamEventsRoute.PAGE).subscribe().with(
                events -> context.runOnContext(v -> write(events)),
                failure -> context.runOnContext(v -> {
                    response.write(":store unavailable, retrying\n\n");
                    context.owner().setTimer(1000, id -> next());
                }));
    }

    private void write(List<StoredEvent> events) {
        if (closed) {
            return;
        }
        if (events.isEmpty()) {
            cancelWait = streams.hub(name).await(position, () -> context.runOnContext(v -> next()));
            return;
        }
        StringBuilder out = new StringBuilder();
        for (StoredEvent e : events) {
            format(out, e);
        }
        position = events.get(events.size() - 1).seq();
        response.write(out.toString());
        if (response.writeQueueFull()) {
            response.drainHandler(v -> {
                response.drainHandler(null);
                next();
            });
        } else {
            next();
        }
    }

    static void format(StringBuilder out, StoredEvent e) {
        out.append("id: ").append(e.seq()).append('\n');
        if (e.event() != null && !e.event().isEmpty()) {
            out.append("event: ").append(e.event().replaceAll("[\r\n]", " ")).append('\n');
        }
        for (String line : e.data().split("\r\n|\r|\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        out.append('\n');
    }

    private void close() {
        if (!closed) {
            closed = true;
            onClose.run();
            cancelWait.run();
            context.owner().cancelTimer(keepAlive);
        }
    }
}
