package io.outpost.delivery;

import java.time.Clock;
import java.util.List;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;

import io.vertx.core.Context;

/**
 * A lane's claims: how many messages to ask the store for (what the lane has room for, in whole requests on
 * a batching route, or one urgent message into a full lane), one claim at a time through its {@link ClaimGate},
 * and the answer back on the lane's context. Used on the lane's context only.
 */
final class LaneClaims {

    private static final Logger LOG = Logger.getLogger(LaneClaims.class);
    private static final int NONE = Integer.MAX_VALUE;
    /** Most messages one claim asks for on a batching route: a claim's rows (and bodies) are held in memory. */
    private static final int MAX_CLAIM = 2000;

    private final String route;
    private final DeliveryStore store;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final Context context;
    private final Prefetch prefetch;
    /** Messages a request carries at most: 1 unless the route batches. */
    private final int perRequest;
    /** Gets the claimed messages and whether the store had no more (the lane then idles). */
    private final BiConsumer<List<Claimed>, Boolean> arrived;
    private final Runnable failed;
    private final ClaimGate gate = new ClaimGate();
    /** The most urgent priority queued since the last claim, or {@link #NONE}. */
    private int fresh = NONE;
    private boolean out;

    LaneClaims(String route, DeliveryStore store, DeliveryMetrics metrics, Clock clock, Context context,
            Prefetch prefetch, int perRequest, BiConsumer<List<Claimed>, Boolean> arrived, Runnable failed) {
        this.route = route;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.context = context;
        this.prefetch = prefetch;
        this.perRequest = perRequest;
        this.arrived = arrived;
        this.failed = failed;
    }

    /** Work may have become due: accepted, woken, retry time, circuit or link change. */
    void mayHaveWork() {
        gate.mayHaveWork();
    }

    /** A message of {@code priority} was queued: claimed even into a full lane when it outranks a ready one. */
    void queued(int priority) {
        gate.mayHaveWork();
        fresh = Math.min(fresh, priority);
    }

    /** True while a claim is out: a stop waits for its answer. */
    boolean out() {
        return out;
    }

    /** A stop's bound ran out: the claim's answer, should it come, is handed back by the lane. */
    void abandon() {
        out = false;
    }

    /** Claims what the lane has room for, if anything and if no claim is out; the answer comes to the lane. */
    void claim(int slots, int buffer, int inFlight, ReadyQueue ready) {
        boolean overtakes = fresh != NONE && ready.outrankedBy(fresh);
        // a batching lane counts in requests of perRequest messages, the ready ones in full batches only: a
        // short batch (lingering, or the tail of a claim) leaves room for a claim to fill it
        int readyRequests = ready.size() / perRequest;
        int wanted = Math.min(Prefetch.wanted(slots, buffer, inFlight, readyRequests, overtakes) * perRequest,
                perRequest > 1 ? Math.max(MAX_CLAIM, perRequest) : Integer.MAX_VALUE);
        if (wanted <= 0 || !gate.tryStart()) {
            return;
        }
        fresh = NONE;
        long asked = System.nanoTime();
        metrics.claimed(route);
        out = true;
        store.claim(route, clock.instant(), wanted).subscribe().with(
                claimed -> context.runOnContext(v -> {
                    out = false;
                    prefetch.claimed(System.nanoTime() - asked);
                    arrived.accept(claimed, gate.answered(claimed.size() < wanted));
                }),
                failure -> context.runOnContext(v -> {
                    out = false;
                    gate.failed();
                    LOG.debugf("Claim for route %s failed: %s", route, failure);
                    failed.run();
                }));
    }
}
