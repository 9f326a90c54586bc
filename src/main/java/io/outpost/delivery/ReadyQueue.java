package io.outpost.delivery;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import org.jboss.logging.Logger;

/**
 * What a lane claimed and has not sent yet, most urgent first, oldest first within a priority. These rows
 * read "delivering" in the store, so a lane keeps few (see {@link Prefetch}) and hands them back to the
 * queue when the route cannot take them. On the lane's context only.
 */
final class ReadyQueue {

    private static final Logger LOG = Logger.getLogger(ReadyQueue.class);

    private final PriorityQueue<Claimed> queue = new PriorityQueue<>(
            Comparator.comparingInt(Claimed::priority).thenComparingLong(Claimed::seq));

    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    Claimed peek() {
        return queue.peek();
    }

    Claimed poll() {
        return queue.poll();
    }

    void addAll(List<Claimed> claimed) {
        queue.addAll(claimed);
    }

    /** Whether a message of {@code priority} would go out before one held here. */
    boolean outrankedBy(int priority) {
        return queue.stream().anyMatch(m -> m.priority() > priority);
    }

    /**
     * Empties the queue, its messages back to the store's queue: they would otherwise read "delivering"
     * (and could not be cancelled) for as long as the route cannot take them.
     */
    void handBack(DeliveryStore store) {
        if (queue.isEmpty()) {
            return;
        }
        List<Claimed> claimed = List.copyOf(queue);
        queue.clear();
        store.release(claimed).subscribe().with(n -> { }, e -> LOG.debugf("Release failed: %s", e));
    }
}
