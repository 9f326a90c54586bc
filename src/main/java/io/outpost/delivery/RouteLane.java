package io.outpost.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import io.outpost.config.RouteConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;

/**
 * Delivers one route's messages. It claims no more due messages than it has free slots (so a priority-0
 * message accepted now goes out ahead of a backlog), sends each through the route's pipeline, and writes
 * the result back. All its state lives on one Vert.x context, so it needs no locks. It wakes when
 * messages are queued, when a slot frees, when a retry falls due, when the circuit may be probed, and
 * every few seconds in case.
 */
final class RouteLane {

    private static final Logger LOG = Logger.getLogger(RouteLane.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(5);
    private static final Duration STORE_RETRY = Duration.ofSeconds(1);
    /** How much of an upstream's answer to a message is kept: enough for lastError. */
    private static final int RESPONSE_BYTES = 64 * 1024;

    private final String route;
    private final RouteConfig config;
    private final Lanes lanes;
    private final RetrySchedule schedule;
    private final Context context;
    private final Vertx vertx;
    private final Clock clock;
    private int inFlight;
    private boolean claiming;
    private boolean wakeAgain;
    private boolean stopped;
    private Instant openedAt;
    private long timer = -1;
    private Instant timerAt;

    RouteLane(String route, RouteConfig config, Lanes lanes, Vertx vertx, Clock clock, RetrySchedule schedule) {
        this.route = route;
        this.config = config;
        this.lanes = lanes;
        this.schedule = schedule;
        this.vertx = vertx;
        this.clock = clock;
        this.context = vertx.getOrCreateContext();
    }

    int inFlight() {
        return inFlight;
    }

    /** Safe from any thread. */
    void wake() {
        context.runOnContext(v -> pump());
    }

    void stop() {
        context.runOnContext(v -> {
            stopped = true;
            vertx.cancelTimer(timer);
        });
    }

    void circuitChanged(CircuitBreakerState state) {
        context.runOnContext(v -> {
            openedAt = state == CircuitBreakerState.OPEN ? clock.instant() : null;
            pump();
        });
    }

    private void pump() {
        if (stopped || config.paused()) {
            return;
        }
        if (claiming) {
            wakeAgain = true;
            return;
        }
        int free = config.concurrency() - inFlight;
        CircuitBreakerState circuit = lanes.circuit(route);
        if (circuit != CircuitBreakerState.CLOSED) {
            Instant probeAt = openedAt == null ? clock.instant() : openedAt.plus(config.circuitBreaker().delay());
            if (circuit == CircuitBreakerState.OPEN && clock.instant().isBefore(probeAt)) {
                wakeAt(probeAt);
                return;
            }
            free = inFlight == 0 ? 1 : 0; // one probe at a time until the breaker closes again
        }
        if (free <= 0 || !lanes.reachable(route)) {
            return;
        }
        claiming = true;
        int wanted = free;
        lanes.store().claim(route, clock.instant(), wanted).subscribe().with(
                claimed -> context.runOnContext(v -> claimed(claimed, wanted)),
                failure -> context.runOnContext(v -> {
                    claiming = false;
                    LOG.debugf("Claim for route %s failed: %s", route, failure);
                    wakeAt(clock.instant().plus(STORE_RETRY));
                }));
    }

    private void claimed(List<Claimed> claimed, int wanted) {
        claiming = false;
        for (Claimed m : claimed) {
            inFlight++;
            send(m);
        }
        if (claimed.size() < wanted) {
            wakeAt(clock.instant().plus(IDLE_POLL));
        }
        if (wakeAgain) {
            wakeAgain = false;
            pump();
        }
    }

    private void send(Claimed m) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        config.headers().forEach(headers::set);
        if (m.contentType() != null) {
            headers.set("Content-Type", m.contentType());
        }
        headers.set("Idempotency-Key", m.deliveryKey());
        OutboundRequest request = new OutboundRequest(route, HttpMethod.valueOf(m.method()),
                Urls.join(config.url(), m.subpath()), headers, m.body(), RESPONSE_BYTES);
        lanes.pipeline(route).send(request).subscribe().with(
                response -> finish(m, Classifier.classify(response, clock.instant())),
                failure -> finish(m, Classifier.classify(failure, clock.instant())));
    }

    private void finish(Claimed m, Outcome outcome) {
        AttemptResult result = schedule.after(m, route, outcome, clock.instant());
        lanes.metrics().outcome(route, result);
        context.runOnContext(v -> {
            inFlight--;
            if (result.nextAttemptAt() != null) {
                wakeAt(result.nextAttemptAt());
            }
            pump();
        });
        // an ordering key's next message becomes due only once this one's state is stored
        lanes.writer().write(result).whenComplete((ok, e) -> wake());
    }

    /** Keeps one timer, for the earliest moment anything may become due. */
    private void wakeAt(Instant at) {
        if (stopped || (timerAt != null && !at.isBefore(timerAt) && timer >= 0)) {
            return;
        }
        vertx.cancelTimer(timer);
        timerAt = at;
        long delay = Math.max(1, Duration.between(clock.instant(), at).toMillis());
        timer = vertx.setTimer(delay, id -> {
            timer = -1;
            timerAt = null;
            pump();
        });
    }
}
