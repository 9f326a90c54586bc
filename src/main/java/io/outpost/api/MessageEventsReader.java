package io.outpost.api;

import java.util.List;

import io.outpost.outbox.ChangeFeed;
import io.outpost.outbox.MessageChange;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;

/**
 * One local reader of the message feed as server-sent events: a page of changes at a time from its own
 * position, the next page only once the client has taken the last one (a slow reader costs one page of
 * memory), then waiting as {@link FeedPace} says. The {@code id:} of each event is its change number, which
 * is what {@code Last-Event-ID} resumes after.
 */
final class MessageEventsReader {

    static final int PAGE = 500;

    private final ChangeFeed feed;
    private final SseResponse sse;
    private final Context context;
    private final FeedPace pace;

    MessageEventsReader(ChangeFeed feed, SseResponse sse, Context context, FeedPace pace) {
        this.feed = feed;
        this.sse = sse;
        this.context = context;
        this.pace = pace;
        sse.onClose(pace::cancel);
    }

    void start() {
        next();
    }

    private void next() {
        if (sse.closed()) {
            return;
        }
        pace.reading();
        feed.next(PAGE).subscribe().with(batch -> context.runOnContext(v -> write(batch)),
                failure -> context.runOnContext(v -> {
                    sse.write(":store unavailable, retrying\n\n", () -> { });
                    pace.next(false, FeedPace.POLL_MS, this::next); // in a second, or at a change
                }));
    }

    private void write(ChangeFeed.Batch batch) {
        if (sse.closed()) {
            return;
        }
        List<MessageChange> changes = batch.changes();
        if (changes.isEmpty()) {
            pace.next(batch.held(), FeedPace.POLL_MS, this::next);
            return;
        }
        StringBuilder out = new StringBuilder();
        changes.forEach(c -> format(out, c));
        Runnable then = changes.size() >= PAGE ? this::next : () -> pace.next(batch.held(), FeedPace.POLL_MS,
                this::next);
        if (sse.write(out.toString(), then)) {
            then.run();
        }
    }

    static void format(StringBuilder out, MessageChange c) {
        out.append("id: ").append(c.seq()).append("\nevent: message\ndata: ").append(json(c).encode()).append("\n\n");
    }

    /** The contract's shape; null fields stay, so every event has the same keys. */
    static JsonObject json(MessageChange c) {
        return new JsonObject().put("id", c.id().toString()).put("route", c.route()).put("status", c.status())
                .put("attempts", c.attempts()).put("lastStatus", c.lastStatus()).put("lastError", c.lastError())
                .put("at", c.at() == null ? null : c.at().toString());
    }
}
