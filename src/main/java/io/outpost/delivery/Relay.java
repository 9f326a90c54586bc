package io.outpost.delivery;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.outpost.config.OutpostConfig;
import io.outpost.config.RouteConfig;
import io.outpost.connectivity.LinkMonitor;
import io.outpost.outbox.WorkSignal;
import io.outpost.upstream.Backoff;
import io.outpost.upstream.Pipelines;
import io.outpost.upstream.RetryDecision;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Starts one lane per route once the store is migrated: first the messages a previous run left in
 * flight go back to the queue (delivery is at-least-once, under the same idempotency key), then every
 * lane looks for due work. Also sweeps expired messages every second.
 */
@ApplicationScoped
public class Relay {

    private static final Logger LOG = Logger.getLogger(Relay.class);
    private static final long EXPIRY_SWEEP_MS = 1_000;

    private final Map<String, RouteLane> lanes = new HashMap<>();
    private final OutpostConfig config;
    private final DeliveryStore store;
    private final ResultWriter writer;
    private final Pipelines pipelines;
    private final LinkMonitor links;
    private final DeliveryMetrics metrics;
    private final Vertx vertx;
    private final Clock clock;
    private final WorkSignal signal;
    private long sweeper = -1;

    Relay(OutpostConfig config, DeliveryStore store, ResultWriter writer, Pipelines pipelines, LinkMonitor links,
            DeliveryMetrics metrics, Vertx vertx, Clock clock, WorkSignal signal) {
        this.config = config;
        this.store = store;
        this.writer = writer;
        this.pipelines = pipelines;
        this.links = links;
        this.metrics = metrics;
        this.vertx = vertx;
        this.clock = clock;
        this.signal = signal;
    }

    void start(@Observes StartupEvent event) {
        config.routes().forEach((name, route) -> {
            RouteLane lane = new RouteLane(name, route, store, writer, pipelines, links, metrics, vertx, clock,
                    schedule(route));
            lanes.put(name, lane);
            metrics.gauges(name, lane, RouteLane::inFlight,
                    r -> DeliveryMetrics.circuitValue(pipelines.circuit(r)));
        });
        pipelines.onCircuitChange((route, state) -> lanes.get(route).circuitChanged(state));
        links.onRouteChange(change -> {
            if (change.reachable()) {
                reconnected(change.route());
            } else {
                pipelines.resetConnections(change.route());
                lanes.get(change.route()).offline();
            }
        });
        signal.listen(this::queued);
        store.requeueInFlight(clock.instant()).subscribe().with(n -> {
            if (n > 0) {
                LOG.infof("%d message(s) in flight when the agent last stopped are queued again", n);
            }
            lanes.values().forEach(RouteLane::wake);
        }, failure -> {
            LOG.warnf("Could not requeue in-flight messages (%s); lanes start anyway", failure.toString());
            lanes.values().forEach(RouteLane::wake);
        });
        sweeper = vertx.setPeriodic(EXPIRY_SWEEP_MS, id -> sweep());
    }

    /** Before the store stops: lanes claim nothing more. */
    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(sweeper);
        lanes.values().forEach(RouteLane::stop);
    }

    /** A message of {@code priority} was queued for {@code route}. */
    void queued(String route, int priority) {
        RouteLane lane = lanes.get(route);
        if (lane != null) {
            lane.queued(priority);
        }
    }

    /** Drains a route that came back at once: breaker closed, backoffs from the outage cut short. */
    private void reconnected(String route) {
        pipelines.resetCircuit(route);
        store.makeDue(route, clock.instant()).subscribe().with(
                n -> lanes.get(route).reconnected(),
                failure -> lanes.get(route).reconnected());
    }

    private static RetrySchedule schedule(RouteConfig route) {
        return new RetrySchedule(new RetryDecision(new Backoff(route.retry().initialDelay(),
                route.retry().maxDelay(), new Random()), route.retry().maxAttempts()));
    }

    private void sweep() {
        store.expire(clock.instant()).subscribe().with(
                routes -> routes.forEach(r -> metrics.count(r, "expired", 1)),
                failure -> LOG.debugf("Expiry sweep failed: %s", failure));
    }
}
