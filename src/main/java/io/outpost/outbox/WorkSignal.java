package io.outpost.outbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

/** Tells whoever listens (the relay) that a route has new messages queued, right after they commit. */
@ApplicationScoped
public class WorkSignal {

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public void listen(Consumer<String> listener) {
        listeners.add(listener);
    }

    void queued(String route) {
        listeners.forEach(l -> l.accept(route));
    }
}
