package io.outpost.api;

import java.util.List;

import io.outpost.stream.StoredEvent;
import io.outpost.stream.Streams;
import io.vertx.core.Context;

/**
 * One local reader of a stream as server-sent events: a page of stored events at a time from its own
 * position, writing the next page only once the client has taken the last one (so a slow reader costs one
 * page of memory, not the backlog), then waiting for the stream to store more. The {@code id:} of each event
 * is its sequence number, which is what the reader's {@code Last-Event-ID} resumes after.
 */
final class SseReader {

    private final Streams streams;
    private final String name;
    private final SseResponse sse;
    private final Context context;
    private long position;
    private Runnable cancelWait = () -> {
    };

    SseReader(Streams streams, String name, SseResponse sse, Context context, long after) {
        this.streams = streams;
        this.name = name;
        this.sse = sse;
        this.context = context;
        this.position = after;
        sse.onClose(() -> cancelWait.run());
    }

    void start() {
        next();
    }

    private void next() {
        if (sse.closed()) {
            return;
        }
        streams.after(name, position, StreamEventsRoute.PAGE).subscribe().with(
                events -> context.runOnContext(v -> write(events)),
                failure -> context.runOnContext(v -> {
                    sse.write(":store unavailable, retrying\n\n", () -> { });
                    context.owner().setTimer(1000, id -> next());
                }));
    }

    private void write(List<StoredEvent> events) {
        if (sse.closed()) {
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
        if (sse.write(out.toString(), this::next)) {
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
}
