package io.outpost.api;

import io.outpost.outbox.MessageChanges;
import io.vertx.core.Context;

/**
 * When a reader of the message feed reads again: at a change this agent commits, but no sooner than
 * {@value #MIN_GAP_MS} ms after its last read (under a stream of accepts a reader reads a batch of changes
 * twenty times a second, not once per message, so it costs the writers nothing measurable); after
 * {@value #HOLD_MS} ms while changes are held back behind a transaction still open; and at the latest after
 * {@value #POLL_MS} ms, which finds what no wake-up announces (claims, expiry, other agents of a fleet).
 * Used on the reader's context only.
 */
final class FeedPace {

    static final long MIN_GAP_MS = 50;
    static final long HOLD_MS = 50;
    static final long POLL_MS = 1000;
    private static final Runnable NONE = () -> {
    };

    private final MessageChanges changes;
    private final Context context;
    private long timer = -1;
    private Runnable cancelWait = NONE;
    private long lastRead = System.nanoTime();

    FeedPace(MessageChanges changes, Context context) {
        this.changes = changes;
        this.context = context;
    }

    /** A read starts now. */
    void reading() {
        lastRead = System.nanoTime();
    }

    /** Runs {@code then} once it is worth reading again, within {@code atMostMs}. */
    void next(boolean held, long atMostMs, Runnable then) {
        cancel();
        long delay = Math.max(1, Math.min(held ? HOLD_MS : POLL_MS, atMostMs));
        timer = context.owner().setTimer(delay, id -> fire(then));
        if (!held) {
            cancelWait = changes.await(() -> context.runOnContext(v -> woken(then)));
        }
    }

    /** Drops the pending read (the reader went away). */
    void cancel() {
        if (timer != -1) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
        cancelWait.run();
        cancelWait = NONE;
    }

    private void woken(Runnable then) {
        if (timer == -1) {
            return;
        }
        context.owner().cancelTimer(timer);
        long since = (System.nanoTime() - lastRead) / 1_000_000;
        timer = context.owner().setTimer(Math.max(1, MIN_GAP_MS - since), id -> fire(then));
    }

    private void fire(Runnable then) {
        timer = -1;
        cancelWait.run();
        cancelWait = NONE;
        then.run();
    }
}
