package io.outpost.outbox;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.mutiny.sqlclient.Pool;

/**
 * The change feed of outbox messages ({@code GET /v1/messages/events}): every change of a message's state
 * numbered in the store (migration V14), read by each reader from its own position ({@link ChangeFeed}), and
 * a wake-up for waiting readers when this agent commits a change. The writers that tell it are the accept
 * and retry (through {@link WorkSignal}), the relay's results and the cancel; the rest (claims, expiry, other
 * agents of a fleet) readers find by polling, which they do anyway. Waking is all it does on the writers'
 * hot path: a look at an empty set when no reader waits.
 */
@ApplicationScoped
public class MessageChanges {

    private final Pool pool;
    private final Clock clock;
    private final Set<Runnable> waiting = ConcurrentHashMap.newKeySet();

    MessageChanges(Pool pool, Clock clock, WorkSignal signal) {
        this.pool = pool;
        this.clock = clock;
        signal.listen((route, priority) -> changed());
    }

    /** A reader from {@code after}, or from the newest change when it is empty; of one route, or all. */
    public ChangeFeed feed(Optional<String> route, Optional<Long> after) {
        return new ChangeFeed(pool, clock, route, after);
    }

    /** Messages changed and the change is committed: wakes the readers waiting. */
    public void changed() {
        if (waiting.isEmpty()) {
            return;
        }
        for (Runnable wake : waiting) {
            if (waiting.remove(wake)) {
                wake.run();
            }
        }
    }

    /** Runs {@code wake} once at the next change; the returned action cancels the wait. */
    public Runnable await(Runnable wake) {
        waiting.add(wake);
        return () -> waiting.remove(wake);
    }
}
