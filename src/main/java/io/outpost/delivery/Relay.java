package io.outpost.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.outpost.budget.RouteBudgets;
import io.outpost.config.OutpostConfig;
import io.outpost.config.RouteConfig;
import io.outpost.connectivity.LinkMonitor;
import io.outpost.fleet.Agent;
import io.outpost.fleet.Fleet;
import io.outpost.fleet.WorkChannel;
import io.outpost.outbox.WorkSignal;
import io.outpost.upstream.Backoff;
import io.outpost.upstream.Pipelines;
import io.outpost.upstream.RetryDecision;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Starts one lane per route once the store is migrated: first the messages a previous run of this agent
 * left claimed go back to the queue (delivery is at-least-once, under the same idempotency key; claims of
 * other agents sharing the store are theirs), then every lane looks for due work. While it runs it renews
 * its claims' leases every third of a lease, queues again every second the claims of any agent whose lease
 * ran out, and (on the agent that holds the once-only jobs) marks expired messages. It tells the other agents
 * when work is queued here, and wakes a lane when they queue work for its route. A clean stop (SIGTERM) hands
 * everything back before the store closes: see {@link #stop}.
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
    private final Fleet fleet;
    private final WorkChannel channel;
    private final Agent agent;
    private final RouteBudgets budgets;
    private long sweeper = -1;
    private long renewer = -1;

    Relay(OutpostConfig config, DeliveryStore store, ResultWriter writer, Pipelines pipelines, LinkMonitor links,
            DeliveryMetrics metrics, Vertx vertx, Clock clock, WorkSignal signal, Fleet fleet, WorkChannel channel,
            Agent agent, RouteBudgets budgets) {
        this.config = config;
        this.store = store;
        this.writer = writer;
        this.pipelines = pipelines;
        this.links = links;
        this.metrics = metrics;
        this.vertx = vertx;
        this.clock = clock;
        this.signal = signal;
        this.fleet = fleet;
        this.channel = channel;
        this.agent = agent;
        this.budgets = budgets;
    }

    void start(@Observes StartupEvent event) {
        config.routes().forEach((name, route) -> {
            RouteLane lane = new RouteLane(name, route, store, writer, pipelines, links, metrics, vertx, clock,
                    schedule(route), budgets.forRoute(name), () -> fleet.share(route.concurrency()));
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
        signal.listen((route, priority) -> {
            queued(route, priority);
            channel.announce(route);
        });
        channel.listen(route -> {
            RouteLane lane = lanes.get(route);
            if (lane != null) {
                lane.wake();
            }
        });
        (agent.alone() ? store.releaseAll(clock.instant()) : store.releaseOwn(clock.instant())).subscribe().with(n -> {
            if (n > 0) {
                LOG.infof("%d message(s) this agent (%s) had claimed when it last stopped are queued again", n,
                        agent.id());
            }
            lanes.values().forEach(RouteLane::wake);
        }, failure -> {
            LOG.warnf("Could not requeue in-flight messages (%s); lanes start anyway", failure.toString());
            lanes.values().forEach(RouteLane::wake);
        });
        sweeper = vertx.setPeriodic(EXPIRY_SWEEP_MS, id -> sweep());
        renewer = vertx.setPeriodic(agent.renewEvery().toMillis(), id -> store.renew().subscribe().with(n -> { },
                failure -> LOG.warnf("Could not renew the claims' leases: %s", failure.toString())));
    }

    /**
     * Before the store stops (this observer blocks the shutdown): lanes claim nothing more and hand back
     * what they hold unsent; the attempts in flight finish, or are cancelled at {@code delivery.stop-timeout};
     * every result is written; then every claim still this agent's is handed back, so that a restart (or
     * another agent) sends nothing twice.
     */
    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(sweeper);
        Duration bound = config.delivery().stopTimeout();
        try {
            CompletableFuture.allOf(lanes.values().stream().map(l -> l.stop(bound)).toArray(CompletableFuture[]::new))
                    .get(bound.toMillis() + 2_000, TimeUnit.MILLISECONDS);
            writer.flush().get(5, TimeUnit.SECONDS);
            int n = store.releaseOwn(clock.instant()).await().atMost(Duration.ofSeconds(5));
            LOG.infof("Delivery stopped: every result recorded, %d claim(s) handed back", n);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("Delivery did not stop cleanly (claims left run out with their lease): %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            vertx.cancelTimer(renewer);
        }
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
        store.reclaimExpired(clock.instant()).subscribe().with(routes -> {
            if (!routes.isEmpty()) {
                LOG.infof("%d claim(s) whose lease ran out are queued again", routes.size());
            }
            routes.stream().distinct().map(lanes::get).filter(l -> l != null).forEach(RouteLane::wake);
        }, failure -> LOG.debugf("Claim sweep failed: %s", failure));
        if (fleet.leads()) {
            store.expire(clock.instant()).subscribe().with(
                    routes -> routes.forEach(r -> metrics.count(r, "expired", 1)),
                    failure -> LOG.debugf("Expiry sweep failed: %s", failure));
        }
    }
}
