package io.outpost.transfer;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;

/**
 * Blocking file work (open, sync, rename, remove) off the event loop, on a worker; a failed file operation
 * becomes a {@link LocalFileException}, which fails a transfer instead of retrying it.
 */
final class FileWork {

    private final Executor worker;

    FileWork(Executor worker) {
        this.worker = worker;
    }

    /** The worker, for a {@link PartFile}'s own blocking calls. */
    Executor worker() {
        return worker;
    }

    <T> Uni<T> run(Callable<T> work) {
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
