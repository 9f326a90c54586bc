package io.outpost.checklist;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.outpost.budget.RouteBudgets;
import io.outpost.outbox.OutboxStats;
import io.outpost.outbox.RouteCounts;
import io.outpost.outbox.TtlStats;
import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.Pipelines;
import io.outpost.upstream.UpstreamResponse;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;

/**
 * What the checks learn from the agent at work: from each answer and circuit transition, kept in memory
 * since start (the latest time of each, a few words per route), from the outbox, read when asked, and each
 * route's byte budget as the agent counts it. Made
 * at start so it hears the first answers.
 */
@Startup
@ApplicationScoped
public class Observations {

    static final int LARGE_BODY = 1024;

    private final Pipelines pipelines;
    private final OutboxStats counts;
    private final TtlStats ttls;
    private final RouteBudgets budgets;
    private final Clock clock;
    private final Map<String, Instant> last429 = new ConcurrentHashMap<>();
    private final Map<String, Instant> circuitOpened = new ConcurrentHashMap<>();
    private final Map<String, Instant> largeBody = new ConcurrentHashMap<>();

    Observations(Pipelines pipelines, OutboxStats counts, TtlStats ttls, RouteBudgets budgets, Clock clock) {
        this.pipelines = pipelines;
        this.counts = counts;
        this.ttls = ttls;
        this.budgets = budgets;
        this.clock = clock;
        pipelines.onAnswer(this::answered);
        pipelines.onCircuitChange((route, state) -> {
            if (state == CircuitBreakerState.OPEN) {
                circuitOpened.put(route, clock.instant());
            }
        });
    }

    private void answered(OutboundRequest request, UpstreamResponse answer) {
        if (answer.status() == 429) {
            last429.put(request.route(), clock.instant());
        }
        if (request.body() != null && request.body().length() >= LARGE_BODY
                && !request.headers().contains("Content-Encoding")) {
            largeBody.put(request.route(), clock.instant());
        }
    }

    /** What was seen of each of {@code routes}, with the outbox as it is at {@code now}. */
    Uni<Map<String, RouteSeen>> of(Set<String> routes, Instant now) {
        return Uni.combine().all().unis(counts.byRoute(), ttls.byRoute(now)).asTuple().map(t -> {
            Map<String, RouteSeen> seen = new HashMap<>();
            for (String route : routes) {
                RouteCounts c = t.getItem1().getOrDefault(route, RouteCounts.NONE);
                TtlStats.TtlCounts ttl = t.getItem2().getOrDefault(route, TtlStats.TtlCounts.NONE);
                String circuit = pipelines.circuit(route).name().toLowerCase(Locale.ROOT).replace('_', '-');
                seen.put(route, new RouteSeen(last429.get(route), circuitOpened.get(route), circuit,
                        largeBody.get(route), ttl.waiting(), ttl.withoutTtl(), ttl.nearExpiry(), ttl.shortestTtl(),
                        c.dead(), budgets.forRoute(route).view()));
            }
            return seen;
        });
    }
}
