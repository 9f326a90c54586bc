package io.outpost.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import io.outpost.budget.Budget;
import io.outpost.config.RouteConfig;
import io.outpost.upstream.Classifier;
import io.outpost.upstream.LinkGate;
import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.Outcome;
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
 * Results are written back by the {@link ResultWriter}. All state lives on one Vert.x context, so there
 * are no locks. The lane wakes when messages are queued, when a slot frees, when a retry falls due, when
 * the circuit may be probed, and every few seconds in case.
 */
final class RouteLane {

    private static final Logger LOG = Logger.getLogger(RouteLane.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(5);
    private static final int NONE = Integer.MAX_VALUE;
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
    private final RetrySchedule schedule;
    private final Budget budget;
    private final Context context;
    private final Clock clock;
    private final ReadyQueue ready = new ReadyQueue();
    private final InFlight inFlight = new InFlight();
    /** Slow start: after the route comes back, requests in flight grow from one as answers succeed. */
    private int window;
    private final ClaimGate gate = new ClaimGate();
    /** The most urgent priority queued since the last claim, or {@link #NONE}. */
    private int fresh = NONE;
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
    /** The attempts on their way, to cancel when a stop's bound runs out. */
    private final Map<UUID, Cancellable> sending = new HashMap<>();
    /** Cancelled at the stop bound: counted out of {@link #inFlight} already, should they answer still. */
    private final Set<UUID> cancelled = new HashSet<>();
    private boolean claimOut;
    /** Set by {@link #stop}: completes once nothing is in flight and no claim is out. */
    private CompletableFuture<Void> drained;
    /** Messages a request carries at most: 1 unless the route batches. */
    private final int perRequest;
    private final Linger linger;
    /** Set by {@link #batch()}: the ready messages wait for a fuller batch. */
    private boolean lingering;
    /** Most messages one claim asks for on a batching route: a claim's rows (and bodies) are held in memory. */
    private static final int MAX_CLAIM = 2000;

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
        this.schedule = schedule;
        this.budget = budget;
        this.clock = clock;
        this.context = vertx.getOrCreateContext();
        this.window = concurrency.getAsInt();
        this.hold = new CircuitHold(config.circuitBreaker().delay());
        this.perRequest = config.batch().enabled() ? config.batch().maxMessages() : 1;
        this.linger = new Linger(config.batch());
        this.alarm = new LaneAlarm(vertx, clock, () -> {
            gate.mayHaveWork();
            pump();
        });
    }

    int inFlight() {
        return inFlight.size();
    }

    /** Work may have become due (at start). Safe from any thread. */
    void wake() {
        context.runOnContext(v -> {
            gate.mayHaveWork();
            pump();
        });
    }

    /**
     * A message of {@code priority} was queued: claimed now even into a full lane when it outranks a ready
     * one, so that an urgent message does not wait behind them. Safe from any thread.
     */
    void queued(int priority) {
        context.runOnContext(v -> {
            gate.mayHaveWork();
            fresh = Math.min(fresh, priority);
            pump();
        });
    }

    /** The route is reachable again: start slow, and claim what is due now. */
    void reconnected() {
        context.runOnContext(v -> {
            online = true;
            window = 1;
            gate.mayHaveWork();
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
            drained = done;
            drainedIfIdle();
            if (!done.isDone()) {
                context.owner().setTimer(Math.max(1, bound.toMillis()), id -> cancelInFlight());
            }
        });
        return done;
    }

    private void cancelInFlight() {
        if (drained.isDone()) {
            return;
        }
        LOG.warnf("Route %s: %d attempt(s) still in flight at the end of the stop bound are cancelled and handed "
                + "back", route, sending.size());
        sending.values().forEach(Cancellable::cancel);
        inFlight.clear();
        cancelled.addAll(sending.keySet());
        sending.clear();
        claimOut = false;
        drainedIfIdle();
    }

    private void drainedIfIdle() {
        if (drained != null && inFlight.size() == 0 && !claimOut) {
            drained.complete(null);
        }
    }

    void circuitChanged(CircuitBreakerState state) {
        context.runOnContext(v -> {
            hold.changed(state, clock.instant());
            if (state == CircuitBreakerState.OPEN) {
                ready.handBack(store);
            }
            gate.mayHaveWork();
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
            Batch batch = perRequest > 1 && budget.allowsAll() ? batch() : null;
            if (lingering) {
                break;
            }
            if (batch != null) {
                inFlight.started(batch.priority());
                send(batch);
            } else if (!ready.isEmpty()) {
                Claimed next = ready.poll();
                inFlight.started(next.priority());
                send(next);
            }
        }
        if (!ready.isEmpty() && !budget.allows(ready.peek().priority()) && !holdOverBudget()) {
            return;
        }
        boolean overtakes = fresh != NONE && ready.outrankedBy(fresh);
        // a batching lane counts in requests of perRequest messages, the ready ones in full batches only: a
        // short batch (lingering, or the tail of a claim) leaves room for a claim to fill it
        int readyRequests = ready.size() / perRequest;
        int wanted = Math.min(Prefetch.wanted(slots, buffer, inFlight.size(), readyRequests, overtakes) * perRequest,
                perRequest > 1 ? Math.max(MAX_CLAIM, perRequest) : Integer.MAX_VALUE);
        if (wanted <= 0 || !gate.tryStart()) {
            return;
        }
        fresh = NONE;
        long asked = System.nanoTime();
        metrics.claimed(route);
        claimOut = true;
        store.claim(route, clock.instant(), wanted).subscribe().with(
                claimed -> context.runOnContext(v -> {
                    claimOut = false;
                    prefetch.claimed(System.nanoTime() - asked);
                    claimed(claimed, wanted);
                }),
                failure -> context.runOnContext(v -> {
                    claimOut = false;
                    drainedIfIdle();
                    gate.failed();
                    LOG.debugf("Claim for route %s failed: %s", route, failure);
                    alarm.ringAt(clock.instant().plus(STORE_RETRY));
                }));
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
            gate.mayHaveWork();
            pump();
        }));
        return true;
    }

    private void claimed(List<Claimed> claimed, int wanted) {
        ready.addAll(claimed);
        if (stopped) {
            ready.handBack(store);
            drainedIfIdle();
            return;
        }
        if (gate.answered(claimed.size() < wanted)) {
            alarm.idle(IDLE_POLL);
        }
        pump();
    }

    private void send(Claimed m) {
        AttemptResult expired = RetrySchedule.expiredBeforeSending(m, route, clock.instant());
        if (expired != null) {
            complete(m, expired, -1);
            return;
        }
        OutboundRequest request = MessageRequest.of(route, config, m, RESPONSE_BYTES);
        long sent = System.nanoTime();
        sending.put(m.id(), pipelines.forRoute(route).send(request).subscribe().with(
                response -> finish(m, Classifier.classify(response, clock.instant()), sent),
                failure -> finish(m, Classifier.classify(failure, clock.instant()), sent)));
    }

    /**
     * The batch to send now from the ready messages (the expired among them taken out and recorded), or null:
     * the head goes alone, or it waits out the linger (the alarm is set), or nothing is left.
     */
    private Batch batch() {
        Instant now = clock.instant();
        List<Claimed> expired = new ArrayList<>();
        while (!ready.isEmpty() && RetrySchedule.expiredBeforeSending(ready.peek(), route, now) != null) {
            expired.add(ready.poll());
        }
        if (!expired.isEmpty()) {
            record(expired, expired.stream().map(m -> RetrySchedule.expiredBeforeSending(m, route, now)).toList());
        }
        lingering = false;
        if (ready.isEmpty() || !BatchFormat.fits(ready.peek(), config.batch())) {
            return null;
        }
        Instant hold = linger.holdUntil(ready.size(), now);
        if (hold != null) {
            lingering = true;
            alarm.ringAt(hold);
            return null;
        }
        linger.sent();
        return Batch.take(ready, config.batch());
    }

    private void send(Batch batch) {
        List<Claimed> group = batch.current();
        OutboundRequest request = BatchRequest.of(route, config, group, RESPONSE_BYTES);
        long sent = System.nanoTime();
        metrics.batch(route, group.size());
        sending.put(batch.id(), pipelines.forRoute(route).send(request).subscribe().with(
                response -> answered(batch, Classifier.classify(response, clock.instant()), sent),
                failure -> answered(batch, Classifier.classify(failure, clock.instant()), sent)));
    }

    /** A batch's current group answered: its members' results, or its halves sent next in the same slot. */
    private void answered(Batch batch, Outcome outcome, long sent) {
        context.runOnContext(v -> {
            if (cancelled.contains(batch.id())) {
                return; // cancelled at the stop bound: what is left stays claimed, and the stop hands it back
            }
            List<Claimed> group = batch.current();
            boolean attempted = !(outcome instanceof Outcome.Retry r) || r.attempted();
            if (attempted) {
                prefetch.answered(System.nanoTime() - sent);
            }
            if (batch.split(outcome)) {
                send(batch);
                return;
            }
            List<AttemptResult> results = schedule.after(group, route, outcome, clock.instant());
            record(group, results);
            if (!batch.done()) {
                send(batch);
                return;
            }
            sending.remove(batch.id());
            inFlight.ended(batch.priority());
            window = Window.next(window, concurrency.getAsInt(), results.get(0));
            drainedIfIdle();
            pump();
        });
    }

    /** Writes a group's results in one statement; as {@link #complete} does for one message. */
    private void record(List<Claimed> group, List<AttemptResult> results) {
        boolean keyed = group.stream().anyMatch(m -> m.orderingKey() != null);
        results.forEach(r -> metrics.outcome(route, r));
        CompletableFuture<Void> written = writer.write(results, group.stream().map(Claimed::epoch).toList());
        Instant due = results.stream().map(AttemptResult::nextAttemptAt).filter(t -> t != null).findFirst()
                .orElse(null);
        written.whenComplete((ok, e) -> context.runOnContext(v -> {
            if (due != null) {
                alarm.retryAt(due);
            }
            if (keyed || e != null) {
                gate.mayHaveWork();
            }
            pump();
        }));
    }

    private void finish(Claimed m, Outcome outcome, long sent) {
        boolean attempted = !(outcome instanceof Outcome.Retry r) || r.attempted();
        complete(m, schedule.after(m, route, outcome, clock.instant()), attempted ? System.nanoTime() - sent : -1);
    }

    /**
     * {@code took}: how long the attempt was on its way, or -1 when none went out. A message with an ordering
     * key lets its key's next message be claimed once this result is stored.
     */
    private void complete(Claimed m, AttemptResult result, long took) {
        boolean keyed = m.orderingKey() != null;
        metrics.outcome(route, result);
        CompletableFuture<Void> written = writer.write(result, m.epoch());
        context.runOnContext(v -> {
            if (took >= 0) {
                prefetch.answered(took);
            }
            sending.remove(m.id());
            if (!cancelled.remove(m.id())) {
                inFlight.ended(m.priority());
            }
            window = Window.next(window, concurrency.getAsInt(), result);
            drainedIfIdle();
            pump();
        });
        // Only once the result is stored can the message (or its ordering key's next one) be claimed. A
        // result frees nothing else: without a key an exhausted lane need not ask again (at a trickle that
        // empty claim was one store round trip per message), and a retry comes due by the alarm.
        written.whenComplete((ok, e) -> context.runOnContext(v -> {
            if (result.nextAttemptAt() != null) {
                alarm.retryAt(result.nextAttemptAt());
            }
            if (keyed || e != null) {
                gate.mayHaveWork();
            }
            pump();
        }));
    }
}
