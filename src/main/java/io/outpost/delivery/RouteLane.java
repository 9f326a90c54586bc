package io.outpost.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

import io.outpost.budget.Budget;
import io.outpost.config.RouteConfig;
import io.outpost.upstream.LinkGate;
import io.outpost.upstream.Pipelines;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Delivers one route's messages. It keeps at most its share of {@code concurrency} (all of it alone, a part
 * in a fleet: {@code FleetShare}) requests in flight and a few claimed
 * messages ready (see {@link Prefetch}), in priority order, and claims again when the ready ones run low:
 * claims stay large enough to be cheap, and a priority-0 message accepted now overtakes all but those few.
 * Messages go out through its {@link SingleSender}, or its {@link BatchSender} on a batching route, which
 * tell it of each attempt ({@link LaneEvents}) and hand results to the {@link ResultWriter}; claims go through
 * its {@link LaneClaims}, a clean stop through its {@link LaneStop}. All state lives on one Vert.x context, so
 * there are no locks. The lane wakes when messages are queued, when a slot frees, when a retry falls due, when
 * the circuit may be probed, and every few seconds in case.
 */
final class RouteLane implements LaneEvents {

    private static final Duration IDLE_POLL = Duration.ofSeconds(5);
    private static final Duration STORE_RETRY = Duration.ofSeconds(1);
    /** How much of an upstream's answer to a message is kept: enough for lastError. */
    private static final int RESPONSE_BYTES = 64 * 1024;

    private final String route;
    private final RouteConfig config;
    private final DeliveryStore store;
    private final ResultWriter writer;
    private final Pipelines pipelines;
    private final LinkGate links;
    private final DeliveryMetrics metrics;
    private final Budget budget;
    private final Context context;
    private final Clock clock;
    private final ReadyQueue ready = new ReadyQueue();
    private final InFlight inFlight = new InFlight();
    /** Slow start: after the route comes back, requests in flight grow from one as answers succeed. */
    private int window;
    private final LaneAlarm alarm;
    private final Prefetch prefetch = new Prefetch();
    private boolean stopped;
    /**
     * The lane's own view of the link, which turns back on only once {@link #reconnected()} is called, after
     * the outage's backoffs were cut short: claiming between the link monitor's change and that would take
     * what happened to be due first, not what is most urgent.
     */
    private boolean online = true;
    private final CircuitHold hold;
    /** This agent's share of the route's concurrency: all of it alone, a part in a fleet. */
    private final IntSupplier concurrency;
    private final Attempts attempts = new Attempts();
    private final SingleSender single;
    /** The batch path: null unless the route batches. */
    private final BatchSender batches;
    private final LaneClaims claims;
    private final LaneStop halt;

    RouteLane(String route, RouteConfig config, DeliveryStore store, ResultWriter writer, Pipelines pipelines,
            LinkGate links, DeliveryMetrics metrics, Vertx vertx, Clock clock, RetrySchedule schedule, Budget budget,
            IntSupplier concurrency) {
        this.concurrency = concurrency;
        this.route = route;
        this.config = config;
        this.store = store;
        this.writer = writer;
        this.pipelines = pipelines;
        this.links = links;
        this.metrics = metrics;
        this.budget = budget;
        this.clock = clock;
        this.context = vertx.getOrCreateContext();
        this.window = concurrency.getAsInt();
        this.hold = new CircuitHold(config.circuitBreaker().delay());
        // messages a request carries at most: 1 unless the route batches
        int perRequest = config.batch().enabled() ? config.batch().maxMessages() : 1;
        this.claims = new LaneClaims(route, store, metrics, clock, context, prefetch, perRequest, this::claimed,
                this::claimFailed);
        this.halt = new LaneStop(route, context, inFlight, attempts, claims);
        this.alarm = new LaneAlarm(vertx, clock, () -> {
            claims.mayHaveWork();
            pump();
        });
        this.single = new SingleSender(route, config, pipelines, writer, metrics, schedule, clock, context, this,
                RESPONSE_BYTES);
        this.batches = perRequest > 1 ? new BatchSender(route, config, pipelines, writer, metrics, schedule, clock,
                context, alarm, this, RESPONSE_BYTES) : null;
    }

    int inFlight() {
        return inFlight.size();
    }

    /** Work may have become due (at start). Safe from any thread. */
    void wake() {
        context.runOnContext(v -> {
            claims.mayHaveWork();
            pump();
        });
    }

    /**
     * A message of {@code priority} was queued: claimed now even into a full lane when it outranks a ready
     * one, so that an urgent message does not wait behind them. Safe from any thread.
     */
    void queued(int priority) {
        context.runOnContext(v -> {
            claims.queued(priority);
            pump();
        });
    }

    /** The route is reachable again: start slow, and claim what is due now. */
    void reconnected() {
        context.runOnContext(v -> {
            online = true;
            window = 1;
            claims.mayHaveWork();
            pump();
        });
    }

    /** The route went down: hand the claimed messages that wait here back to the queue. */
    void offline() {
        context.runOnContext(v -> {
            online = false;
            ready.handBack(store);
        });
    }

    /**
     * Claims nothing more and hands back what waits here; completes once the attempts in flight have
     * finished (their results handed to the writer), or at {@code bound}, when those still on their way are
     * cancelled (their claims are then handed back with the rest). Safe from any thread.
     */
    CompletableFuture<Void> stop(Duration bound) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            stopped = true;
            alarm.stop();
            ready.handBack(store);
            halt.begin(bound, done);
        });
        return done;
    }

    void circuitChanged(CircuitBreakerState state) {
        context.runOnContext(v -> {
            hold.changed(state, clock.instant());
            if (state == CircuitBreakerState.OPEN) {
                ready.handBack(store);
            }
            claims.mayHaveWork();
            pump();
        });
    }

    private void pump() {
        if (stopped || config.paused()) {
            return;
        }
        CircuitBreakerState circuit = pipelines.circuit(route);
        Instant held = hold.holdsUntil(circuit, clock.instant());
        if (held != null) {
            alarm.ringAt(held);
            return;
        }
        int slots = CircuitHold.slots(circuit, Math.min(concurrency.getAsInt(), window));
        int buffer = circuit == CircuitBreakerState.CLOSED ? prefetch.buffer(slots) : 0;
        if (!online || !links.reachable(route)) {
            // a claim that was out when the route went down lands here: nothing waits claimed for its return
            ready.handBack(store);
            return;
        }
        while (inFlight.size() < slots && !ready.isEmpty() && inFlight.mayStart(ready.peek().priority())
                && budget.allows(ready.peek().priority())) {
            // a batch may take any ready member: only while the budget lets every priority through
            Batch batch = batches != null && budget.allowsAll() ? batches.form(ready) : null;
            if (batch == null && batches != null && batches.lingering()) {
                break;
            }
            if (batch != null) {
                inFlight.started(batch.priority());
                batches.send(batch);
            } else if (!ready.isEmpty()) {
                Claimed next = ready.poll();
                inFlight.started(next.priority());
                single.send(next);
            }
        }
        if (!ready.isEmpty() && !budget.allows(ready.peek().priority()) && !holdOverBudget()) {
            return;
        }
        claims.claim(slots, buffer, inFlight.size(), ready);
    }

    /**
     * The budget is spent and every ready message is less urgent than its reserve (the queue is in priority
     * order): they wait for the next window ({@link OverBudget}); true when the lane may claim on. While the
     * spent amount is not known yet (just after start) they are only handed back, and the lane looks again in a
     * second rather than claim the same messages again.
     */
    private boolean holdOverBudget() {
        Instant until = budget.heldUntil();
        if (until == null) {
            ready.handBack(store);
            alarm.ringAt(clock.instant().plus(STORE_RETRY));
            return false;
        }
        metrics.count(route, "held", ready.size());
        alarm.retryAt(until);
        OverBudget.hold(ready, writer, route, until).whenComplete((ok, e) -> context.runOnContext(v -> {
            claims.mayHaveWork();
            pump();
        }));
        return true;
    }

    private void claimed(List<Claimed> claimed, boolean exhausted) {
        ready.addAll(claimed);
        if (stopped) {
            ready.handBack(store);
            halt.check();
            return;
        }
        if (exhausted) {
            alarm.idle(IDLE_POLL);
        }
        pump();
    }

    private void claimFailed() {
        halt.check();
        alarm.ringAt(clock.instant().plus(STORE_RETRY));
    }

    @Override
    public void started(UUID id, Cancellable attempt) {
        attempts.started(id, attempt);
    }

    @Override
    public boolean cancelled(UUID id) {
        return attempts.cancelled(id);
    }

    @Override
    public void answered(long nanos) {
        prefetch.answered(nanos);
    }

    @Override
    public void ended(UUID id, int priority, AttemptResult result) {
        if (attempts.ended(id)) {
            inFlight.ended(priority);
        }
        window = Window.next(window, concurrency.getAsInt(), result);
        halt.check();
        pump();
    }

    @Override
    public void written(Instant due, boolean freesWork) {
        if (due != null) {
            alarm.retryAt(due);
        }
        if (freesWork) {
            claims.mayHaveWork();
        }
        pump();
    }
}
