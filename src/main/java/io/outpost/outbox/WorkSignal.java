package io.outpost.outbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells whoever listens (the relay) that a route has a new message queued, and its priority (an urgent one
 * may overtake what the relay already holds), right after it commits.
 */
@ApplicationScoped
public class WorkSignal {

    private final List<BiConsumer<String, Integer>> listeners = new CopyOnWriteArrayList<>();

    public void listen(BiConsumer<String, Integer> listener) {
        listeners.add(listener);
    }

    void queued(String route, int priority) {
        listeners.forEach(l -> l.accept(route, priority));
    }
}
