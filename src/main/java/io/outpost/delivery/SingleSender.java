package io.outpost.delivery;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import io.outpost.config.RouteConfig;
import io.outpost.upstream.Classifier;
import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.Outcome;
import io.outpost.upstream.Pipelines;
import io.vertx.core.Context;

/**
 * The one-message path of a lane: sends a claimed message through the route's pipeline (or records it expired
 * when its TTL ran out while it waited) and hands its result to the {@link ResultWriter}; the lane hears of it
 * through {@link LaneEvents}. Used on the lane's context only.
 */
final class SingleSender {

    private final String route;
    private final RouteConfig config;
    private final Pipelines pipelines;
    private final ResultWriter writer;
    private final DeliveryMetrics metrics;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final Context context;
    private final LaneEvents lane;
    private final int responseBytes;

    SingleSender(String route, RouteConfig config, Pipelines pipelines, ResultWriter writer, DeliveryMetrics metrics,
            RetrySchedule schedule, Clock clock, Context context, LaneEvents lane, int responseBytes) {
        this.route = route;
        this.config = config;
        this.pipelines = pipelines;
        this.writer = writer;
        this.metrics = metrics;
        this.schedule = schedule;
        this.clock = clock;
        this.context = context;
        this.lane = lane;
        this.responseBytes = responseBytes;
    }

    void send(Claimed m) {
        AttemptResult expired = RetrySchedule.expiredBeforeSending(m, route, clock.instant());
        if (expired != null) {
            complete(m, expired, -1);
            return;
        }
        OutboundRequest request = MessageRequest.of(route, config, m, responseBytes);
        long sent = System.nanoTime();
        lane.started(m.id(), pipelines.forRoute(route).send(request).subscribe().with(
                response -> finish(m, Classifier.classify(response, clock.instant()), sent),
                failure -> finish(m, Classifier.classify(failure, clock.instant()), sent)));
    }

    private void finish(Claimed m, Outcome outcome, long sent) {
        boolean attempted = !(outcome instanceof Outcome.Retry r) || r.attempted();
        complete(m, schedule.after(m, route, outcome, clock.instant()), attempted ? System.nanoTime() - sent : -1);
    }

    /**
     * {@code took}: how long the attempt was on its way, or -1 when none went out. Only once the result is
     * stored can the message (or its ordering key's next one) be claimed. A result frees nothing else: without
     * a key an exhausted lane need not ask again (at a trickle that empty claim was one store round trip per
     * message), and a retry comes due by the alarm.
     */
    private void complete(Claimed m, AttemptResult result, long took) {
        boolean keyed = m.orderingKey() != null;
        metrics.outcome(route, result);
        CompletableFuture<Void> written = writer.write(result, m.epoch());
        context.runOnContext(v -> {
            if (took >= 0) {
                lane.answered(took);
            }
            lane.ended(m.id(), m.priority(), result);
        });
        written.whenComplete((ok, e) -> context.runOnContext(v -> lane.written(result.nextAttemptAt(),
                keyed || e != null)));
    }
}
