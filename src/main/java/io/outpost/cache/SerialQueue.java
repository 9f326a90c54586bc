package io.outpost.cache;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/** Runs asynchronous operations one at a time, in the order they were submitted. */
final class SerialQueue {

    private record Task<T>(Supplier<Uni<T>> operation, UniEmitter<? super T> emitter) {
        void run(Runnable next) {
            Uni<T> uni;
            try {
                uni = operation.get();
            } catch (RuntimeException e) {
                emitter.fail(e);
                next.run();
                return;
            }
            uni.subscribe().with(value -> {
                next.run();
                emitter.complete(value);
            }, failure -> {
                next.run();
                emitter.fail(failure);
            });
        }
    }

    private final Queue<Task<?>> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    /** The operation's result, once it and everything submitted before it has run. */
    <T> Uni<T> submit(Supplier<Uni<T>> operation) {
        return Uni.createFrom().<T>emitter(emitter -> {
            tasks.add(new Task<>(operation, emitter));
            drain();
        }).memoize().indefinitely();
    }

    private void drain() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Task<?> next = tasks.poll();
        if (next == null) {
            running.set(false);
            if (!tasks.isEmpty()) {
                drain();
            }
            return;
        }
        next.run(() -> {
            running.set(false);
            drain();
        });
    }
}
