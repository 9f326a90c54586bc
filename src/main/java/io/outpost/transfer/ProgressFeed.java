package io.outpost.transfer;

import java.util.function.Consumer;

import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;

/**
 * A running transfer's progress for {@code /events}: its view now, then every state change at once and the
 * bytes moved at most every {@value #EVERY_MS} ms (only when they changed), ending after the final state.
 */
final class ProgressFeed {

    static final long EVERY_MS = 500;

    private ProgressFeed() {
    }

    static Multi<TransferView> of(ActiveTransfer live, Vertx vertx) {
        return Multi.createFrom().emitter(emitter -> {
            long[] shown = { -1 };
            Consumer<TransferView> show = v -> {
                shown[0] = v.bytesDone();
                emitter.emit(v);
                if (v.finished()) {
                    emitter.complete();
                }
            };
            Runnable stopWatching = live.watch(show);
            long timer = vertx.setPeriodic(EVERY_MS, t -> {
                TransferView v = live.view();
                if (v.bytesDone() != shown[0] || v.finished()) {
                    show.accept(v);
                }
            });
            emitter.onTermination(() -> {
                stopWatching.run();
                vertx.cancelTimer(timer);
            });
            show.accept(live.view()); // after watching: a change meanwhile is shown, not lost
        });
    }
}
