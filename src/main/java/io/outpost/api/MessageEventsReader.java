package io.outpost.api;

import java.util.List;

import io.outpost.outbox.ChangeFeed;
import io.outpost.outbox.MessageChange;
import io.vertx.core.Context;

/**
 * One local reader of the message feed as server-sent events: a page of changes at a time from its own
 * position, the next page only once the client has taken the last one (a slow reader costs one page of
 * memory), then waiting as {@link FeedPace} says. The {@code id:} of each event is its change number, which
 * is what {@code Last-Event-ID} resumes after.
 */
final class MessageEventsReader {

    static final int PAGE = 500;
    /**
     * The page of a reader that is behind (its last page was full): fewer, larger reads while it catches up,
     * about 400 KiB of events; back to {@link #PAGE} once it has.
     */
    static final int BEHIND = 2000;

    private final ChangeFeed feed;
    private final SseResponse sse;
    private final Context context;
    private final FeedPace pace;
    private final MessageEventBytes bytes = new MessageEventBytes(PAGE * 256);
    private int page = PAGE;

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
        int asked = page;
        feed.next(asked).subscribe().with(batch -> context.runOnContext(v -> write(batch, asked)),
                failure -> context.runOnContext(v -> {
                    sse.write(":store unavailable, retrying\n\n", () -> { });
                    pace.next(false, FeedPace.POLL_MS, this::next); // in a second, or at a change
                }));
    }

    private void write(ChangeFeed.Batch batch, int asked) {
        if (sse.closed()) {
            return;
        }
        List<MessageChange> changes = batch.changes();
        if (changes.isEmpty()) {
            pace.next(batch.held(), FeedPace.POLL_MS, this::next);
            return;
        }
        changes.forEach(bytes::sse);
        page = changes.size() >= asked ? BEHIND : PAGE;
        Runnable then = changes.size() >= asked ? this::next : () -> pace.next(batch.held(), FeedPace.POLL_MS,
                this::next);
        if (sse.write(bytes.take(), then)) {
            then.run();
        }
    }
}
