package io.outpost.transfer;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

import io.outpost.connectivity.LinkMonitor;
import io.outpost.upstream.Pipelines;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.io.IOException;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;

/** What every run of a transfer shares. */
record TransferParts(TransferStore store, Pipelines pipelines, LinkMonitor links, TransferFiles files,
        TransferMetrics metrics, Vertx vertx, Clock clock, Executor worker, Duration progressInterval) {

    /** Records the row as the transfer's state, in memory (watchers hear of a state change) and in the store. */
    Uni<Void> save(Live live, UnaryOperator<Transfer> change) {
        return store.update(live.update(change), clock.instant());
    }

    /** What a streamed exchange of {@code t} reports each chunk to: the live counter and the byte metric. */
    LongConsumer progress(Live live, Transfer t) {
        var bytes = metrics.bytes(t);
        return n -> {
            live.moved(n);
            bytes.increment(n);
        };
    }

    /** Runs blocking file work on a worker. */
    <T> Uni<T> blocking(Callable<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (IOException e) {
                throw new LocalFileException("a transfer file operation failed", e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).runSubscriptionOn(worker);
    }

    static <T> Uni<T> uni(Future<T> future) {
        return Uni.createFrom().completionStage(future.toCompletionStage());
    }
}
