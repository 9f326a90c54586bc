package io.outpost.transfer;

import java.time.Clock;
import java.util.function.UnaryOperator;

import io.smallrye.mutiny.Uni;

/** Records a transfer's row as its state: in memory first (watchers hear of a state change), then in the store. */
final class StateWriter {

    private final TransferStore store;
    private final Clock clock;

    StateWriter(TransferStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Uni<Void> save(ActiveTransfer live, UnaryOperator<Transfer> change) {
        return store.update(live.update(change), clock.instant());
    }
}
