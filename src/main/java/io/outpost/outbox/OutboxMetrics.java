package io.outpost.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.outpost.config.OutpostConfig;
import io.outpost.fleet.Fleet;
import io.outpost.outbox.AcceptOutcome.Accepted;
import io.outpost.outbox.AcceptOutcome.Full;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Outbox meters per route. Counters move as accepts happen; the depth gauges are refreshed from the store
 * every few seconds, so a scrape never waits on a query. The depth gauges count the shared outbox, so in a
 * fleet only the agent that runs the once-only jobs reports them and the others report 0: a sum over the
 * agents (what a dashboard does first) is the outbox's figure, not N times it.
 */
@ApplicationScoped
public class OutboxMetrics {

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);
    private static final long REFRESH_MS = 5_000;

    private final MeterRegistry registry;
    private final OutboxStats stats;
    private final Vertx vertx;
    private final Map<String, Counter> accepted = new HashMap<>();
    private final Map<String, Counter> rejectedFull = new HashMap<>();
    private final Map<String, AtomicLong[]> depth = new HashMap<>();
    private final Counter evicted;
    private final Fleet fleet;
    private long timer = -1;

    OutboxMetrics(MeterRegistry registry, OutboxStats stats, Vertx vertx, OutpostConfig config, Fleet fleet) {
        this.fleet = fleet;
        this.registry = registry;
        this.stats = stats;
        this.vertx = vertx;
        this.evicted = Counter.builder("outpost.outbox.evicted").description("Messages evicted by the full-policy")
                .register(registry);
        for (String route : config.routes().keySet()) {
            accepted.put(route, Counter.builder("outpost.outbox.accepted").tag("route", route)
                    .description("Messages accepted (202)").register(registry));
            rejectedFull.put(route, Counter.builder("outpost.outbox.rejected").tag("route", route).tag("reason", "full")
                    .description("Messages refused because the outbox was full (507)").register(registry));
            AtomicLong[] values = { new AtomicLong(), new AtomicLong(), new AtomicLong() };
            depth.put(route, values);
            String[] statuses = { "queued", "delivering", "dead" };
            for (int i = 0; i < statuses.length; i++) {
                registry.gauge("outpost.outbox.messages", Tags.of("route", route,
                        "status", statuses[i]), values[i]);
            }
            registry.gauge("outpost.outbox.depth", Tags.of("route", route), values,
                    v -> v[0].get() + v[1].get());
        }
    }

    void start(@Observes StartupEvent event) {
        refresh();
        timer = vertx.setPeriodic(REFRESH_MS, id -> refresh());
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void accepted(NewMessage message, AcceptOutcome outcome) {
        if (outcome instanceof Accepted) {
            accepted.get(message.route()).increment();
        } else if (outcome instanceof Full) {
            rejectedFull.get(message.route()).increment();
        }
    }

    void evicted(int count) {
        evicted.increment(count);
    }

    private void refresh() {
        if (!fleet.reportsShared()) { // another agent reports the shared figures: no query for a 0
            show(Map.of());
            return;
        }
        stats.byRoute().subscribe().with(this::show,
                failure -> LOG.debugf("Outbox gauges not refreshed: %s", failure.toString()));
    }

    private void show(Map<String, RouteCounts> counts) {
        depth.forEach((route, values) -> {
            RouteCounts c = counts.getOrDefault(route, RouteCounts.NONE);
            values[0].set(c.queued());
            values[1].set(c.delivering());
            values[2].set(c.dead());
        });
    }
}
