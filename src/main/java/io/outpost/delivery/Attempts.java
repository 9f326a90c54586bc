package io.outpost.delivery;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.smallrye.mutiny.subscription.Cancellable;

/**
 * A lane's attempts on their way, to cancel when a stop's bound runs out, and those cancelled then: counted
 * out of the lane's in-flight figure already, should they answer still. Used on the lane's context only.
 */
final class Attempts {

    private final Map<UUID, Cancellable> sending = new HashMap<>();
    private final Set<UUID> cancelled = new HashSet<>();

    void started(UUID id, Cancellable attempt) {
        sending.put(id, attempt);
    }

    boolean cancelled(UUID id) {
        return cancelled.contains(id);
    }

    /** The attempt ended; true when it still counted in flight (it was not cancelled at the bound). */
    boolean ended(UUID id) {
        sending.remove(id);
        return !cancelled.remove(id);
    }

    int size() {
        return sending.size();
    }

    /** Cancels every attempt on its way: their claims are handed back with the rest at the stop. */
    void cancelAll() {
        sending.values().forEach(Cancellable::cancel);
        cancelled.addAll(sending.keySet());
        sending.clear();
    }
}
