package io.outpost.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import io.outpost.config.RouteConfig;
import io.outpost.upstream.Classifier;
import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.Outcome;
import io.outpost.upstream.Pipelines;
import io.vertx.core.Context;

/**
 * The batch path of a lane: forms a batch from its ready messages (or lets them linger for a fuller one),
 * sends it through the route's pipeline, sends the halves of a group the upstream refused in the same slot
 * ({@link Batch}), and writes each group's results in one statement. The lane keeps the slot count and the
 * claims; this class tells it what happened through {@link LaneEvents}. Used on the lane's context only.
 */
final class BatchSender {

    private final String route;
    private final RouteConfig config;
    private final Pipelines pipelines;
    private final ResultWriter writer;
    private final DeliveryMetrics metrics;
    private final RetrySchedule schedule;
    private final Linger linger;
    private final Clock clock;
    private final Context context;
    private final LaneAlarm alarm;
    private final LaneEvents lane;
    private final int responseBytes;
    /** Set by {@link #form}: the ready messages wait for a fuller batch. */
    private boolean lingering;

    BatchSender(String route, RouteConfig config, Pipelines pipelines, ResultWriter writer, DeliveryMetrics metrics,
            RetrySchedule schedule, Clock clock, Context context, LaneAlarm alarm, LaneEvents lane,
            int responseBytes) {
        this.route = route;
        this.config = config;
        this.pipelines = pipelines;
        this.writer = writer;
        this.metrics = metrics;
        this.schedule = schedule;
        this.linger = new Linger(config.batch());
        this.clock = clock;
        this.context = context;
        this.alarm = alarm;
        this.lane = lane;
        this.responseBytes = responseBytes;
    }

    /** True after {@link #form} let the ready messages wait for a fuller batch (the alarm is set). */
    boolean lingering() {
        return lingering;
    }

    /**
     * The batch to send now from the ready messages (the expired among them taken out and recorded), or null:
     * the head goes alone, or it waits out the linger ({@link #lingering()}), or nothing is left.
     */
    Batch form(ReadyQueue ready) {
        Instant now = clock.instant();
        List<Claimed> expired = new ArrayList<>();
        List<AttemptResult> results = new ArrayList<>();
        while (!ready.isEmpty()) {
            AttemptResult result = RetrySchedule.expiredBeforeSending(ready.peek(), route, now);
            if (result == null) {
                break;
            }
            expired.add(ready.poll());
            results.add(result);
        }
        if (!expired.isEmpty()) {
            record(expired, results);
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

    /** Sends the batch's current group; its answer comes back on the lane's context. */
    void send(Batch batch) {
        List<Claimed> group = batch.current();
        OutboundRequest request = BatchRequest.of(route, config, group, responseBytes);
        long sent = System.nanoTime();
        metrics.batch(route, group.size());
        lane.started(batch.id(), pipelines.forRoute(route).send(request).subscribe().with(
                response -> answered(batch, Classifier.classify(response, clock.instant()), sent),
                failure -> answered(batch, Classifier.classify(failure, clock.instant()), sent)));
    }

    /** A batch's current group answered: its members' results, or its halves sent next in the same slot. */
    private void answered(Batch batch, Outcome outcome, long sent) {
        context.runOnContext(v -> {
            if (lane.cancelled(batch.id())) {
                return; // cancelled at the stop bound: what is left stays claimed, and the stop hands it back
            }
            List<Claimed> group = batch.current();
            boolean attempted = !(outcome instanceof Outcome.Retry r) || r.attempted();
            if (attempted) {
                lane.answered(System.nanoTime() - sent);
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
            lane.ended(batch.id(), batch.priority(), results.get(0));
        });
    }

    /** Writes a group's results in one statement; a keyed member lets its key's next message be claimed. */
    private void record(List<Claimed> group, List<AttemptResult> results) {
        boolean keyed = group.stream().anyMatch(m -> m.orderingKey() != null);
        results.forEach(r -> metrics.outcome(route, r));
        CompletableFuture<Void> written = writer.write(results, group.stream().map(Claimed::epoch).toList());
        Instant due = results.stream().map(AttemptResult::nextAttemptAt).filter(Objects::nonNull).findFirst()
                .orElse(null);
        written.whenComplete((ok, e) -> context.runOnContext(v -> lane.written(due, keyed || e != null)));
    }
}
