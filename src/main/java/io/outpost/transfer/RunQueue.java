package io.outpost.transfer;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.outpost.upstream.LinkGate;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Which transfers run: at most {@code concurrency} at once, the others waiting in order. A transfer whose
 * route is unreachable is parked (its slot goes to another route's) until the route is back.
 */
final class RunQueue {

    private static final Logger LOG = Logger.getLogger(RunQueue.class);
    private static final long RERUN_DELAY_MS = 1000;

    private final StateWriter states;
    private final LinkGate links;
    private final Vertx vertx;
    private final Clock clock;
    private final BiFunction<ActiveTransfer, BooleanSupplier, TransferRun> runs;
    private final int concurrency;
    private final Consumer<ActiveTransfer> finished;
    private final ArrayDeque<ActiveTransfer> waiting = new ArrayDeque<>();
    private final Map<String, List<ActiveTransfer>> parked = new HashMap<>();
    private int running;
    private volatile boolean stopping;

    /** {@code runs}: a transfer's run, told whether the agent is stopping; {@code finished}: told of each end. */
    RunQueue(StateWriter states, LinkGate links, Vertx vertx, Clock clock,
            BiFunction<ActiveTransfer, BooleanSupplier, TransferRun> runs, int concurrency, Consumer<ActiveTransfer> finished) {
        this.states = states;
        this.links = links;
        this.vertx = vertx;
        this.clock = clock;
        this.runs = runs;
        this.concurrency = concurrency;
        this.finished = finished;
    }

    /** The agent is stopping: running transfers end at their next step, nothing new starts. */
    void stop() {
        stopping = true;
    }

    synchronized void enqueue(ActiveTransfer l) {
        waiting.add(l);
        pump();
    }

    /** The route is reachable again: its paused transfers queue up again. */
    void unpark(String route) {
        List<ActiveTransfer> back;
        synchronized (this) {
            back = parked.remove(route);
        }
        if (back != null) {
            back.forEach(l -> states.save(l, r -> r.withState(TransferState.QUEUED, clock.instant()))
                    .subscribe().with(v -> enqueue(l), e -> enqueue(l)));
        }
    }

    private synchronized void pump() {
        while (!stopping && running < concurrency && !waiting.isEmpty()) {
            ActiveTransfer l = waiting.poll();
            running++;
            ownContext().runOnContext(v -> start(l));
        }
    }

    /**
     * A context of its own for a run, so that it does not carry on in the one that queued it: the local API
     * request's (with that request's CDI state), which the run would otherwise keep for hours.
     */
    private Context ownContext() {
        return VertxContext.createNewDuplicatedContext(VertxContext.getRootContext(vertx.getOrCreateContext()));
    }

    private void start(ActiveTransfer l) {
        runs.apply(l, () -> stopping).run().subscribe()
                .with(end -> ended(l, end), failure -> {
                    // the store failing a save, most likely: the run starts again from what is on record
                    LOG.warnf("Transfer %s stopped (%s); it runs again in %d ms", l.row().id(), failure,
                            RERUN_DELAY_MS);
                    ended(l, TransferRun.End.STOPPED);
                    vertx.setTimer(RERUN_DELAY_MS, t -> {
                        if (!stopping) {
                            enqueue(l);
                        }
                    });
                });
    }

    private void ended(ActiveTransfer l, TransferRun.End end) {
        boolean back = false;
        synchronized (this) {
            running--;
            if (end == TransferRun.End.PAUSED) {
                parked.computeIfAbsent(l.row().route(), r -> new ArrayList<>()).add(l);
                back = links.reachable(l.row().route()); // it may have come back meanwhile
            } else if (end == TransferRun.End.FINISHED) {
                finished.accept(l);
            }
            pump();
        }
        if (back) {
            unpark(l.row().route());
        }
    }
}
