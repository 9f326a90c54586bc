package io.outpost.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.outpost.outbox.MessageStatus;

/**
 * What a lane does with ready messages its route's byte budget will not carry now: each goes back to the queue
 * due at the end of the budget's window, its attempts and last error unchanged (a wait, not a failure), so the
 * claims that follow reach the more urgent messages behind them and the rest are claimed again only once the
 * window rolls over. Written through the {@link ResultWriter}, under each claim's epoch, as any result.
 */
final class OverBudget {

    private OverBudget() {
    }

    /** Empties {@code ready}; completes once every message in it is queued again until {@code until}. */
    static CompletableFuture<Void> hold(ReadyQueue ready, ResultWriter writer, String route, Instant until) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        while (!ready.isEmpty()) {
            Claimed m = ready.poll();
            writes.add(writer.write(new AttemptResult(m.id(), route, MessageStatus.QUEUED, false, until, null, null),
                    m.epoch()));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }
}
