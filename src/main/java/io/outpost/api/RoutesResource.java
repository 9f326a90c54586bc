package io.outpost.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.outpost.budget.Budget;
import io.outpost.budget.RouteBudgets;
import io.outpost.config.OutpostConfig;
import io.outpost.config.RouteConfig;
import io.outpost.connectivity.LinkMonitor;
import io.outpost.delivery.DeliveryStore;
import io.outpost.fleet.Fleet;
import io.outpost.outbox.OutboxStats;
import io.outpost.outbox.RouteCounts;
import io.outpost.upstream.Pipelines;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;

/** {@code GET /v1/routes[/{route}]}: each configured upstream and what the outbox holds for it. */
@Path("/v1/routes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Routes")
@APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHORIZED)
public class RoutesResource {

    private final OutpostConfig config;
    private final OutboxStats stats;
    private final DeliveryStore delivery;
    private final Pipelines pipelines;
    private final LinkMonitor links;
    private final Clock clock;
    private final StoreDeadline deadline;
    private final Fleet fleet;
    private final RouteBudgets budgets;

    RoutesResource(OutpostConfig config, OutboxStats stats, DeliveryStore delivery, Pipelines pipelines,
            LinkMonitor links, Clock clock, StoreDeadline deadline, Fleet fleet, RouteBudgets budgets) {
        this.fleet = fleet;
        this.config = config;
        this.stats = stats;
        this.delivery = delivery;
        this.pipelines = pipelines;
        this.links = links;
        this.clock = clock;
        this.deadline = deadline;
        this.budgets = budgets;
    }

    /** {@code budget}: null for a route without {@code budget}. */
    @RegisterForReflection
    record RouteJson(String name, String url, String circuit, boolean reachable, long queued, long delivering,
            long dead, long oldestQueuedAgeSeconds, long deliveredTotal, long failedTotal, ShareJson fleetShare,
            BudgetJson budget) {
    }

    /**
     * What of the route's limits this agent holds: the live agents split {@code concurrency} and
     * {@code rate-limit} between them (see {@code FleetShare}); alone, it has all of both.
     */
    @RegisterForReflection
    record ShareJson(int agents, int concurrency, Double ratePerSecond) {
    }

    /**
     * A metered link's budget in its current window: {@code limit} and {@code spent} in request bytes on the wire,
     * {@code period} as ISO-8601, the window's start and its end ({@code resetsAt}), and the least urgent priority
     * still sent once it is spent. {@code spent} is the fleet's, as the store had it when read.
     */
    @RegisterForReflection
    record BudgetJson(long limit, long spent, long remaining, String period, Instant periodStart, Instant resetsAt,
            int reservePriority) {
        static BudgetJson of(Budget.View v) {
            return v == null ? null : new BudgetJson(v.limit(), v.spent(), Math.max(0, v.limit() - v.spent()),
                    v.period().toString(), v.periodStart(), v.resetsAt(), v.reservePriority());
        }
    }

    @GET
    @Operation(operationId = "listRoutes", summary = "All routes, by name")
    @APIResponse(responseCode = "200", description = "The routes.")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<List<RouteJson>> all() {
        return counts()
                .map(t -> config.routes().keySet().stream().sorted()
                        .map(name -> view(name, t.getItem1(), t.getItem2())).toList());
    }

    @GET
    @Path("{route}")
    @Operation(operationId = "getRoute", summary = "One route")
    @APIResponse(responseCode = "200", description = "The route.")
    @APIResponse(responseCode = "404", description = "No such route in the configuration.")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<RouteJson> one(@PathParam("route") String route) {
        if (!config.routes().containsKey(route)) {
            throw Problems.unknownRoute(route);
        }
        return counts()
                .map(t -> view(route, t.getItem1(), t.getItem2()));
    }

    /** Each route's message counts and delivery totals, as the store has them now. */
    private Uni<Tuple2<Map<String, RouteCounts>, Map<String, long[]>>> counts() {
        return deadline.bound(Uni.combine().all().unis(stats.byRoute(), delivery.totals(), budgets.refresh())
                .asTuple().map(t -> Tuple2.of(t.getItem1(), t.getItem2())));
    }

    private RouteJson view(String name, Map<String, RouteCounts> counts, Map<String, long[]> totals) {
        RouteCounts c = counts.getOrDefault(name, RouteCounts.NONE);
        long age = c.oldestQueuedAt() == null ? 0
                : Math.max(0, Duration.between(c.oldestQueuedAt(), clock.instant()).toSeconds());
        long[] total = totals.getOrDefault(name, new long[2]);
        String circuit = pipelines.circuit(name).name().toLowerCase(Locale.ROOT).replace('_', '-');
        RouteConfig route = config.routes().get(name);
        return new RouteJson(name, RedactedUrl.of(route.url()), circuit,
                links.reachable(name), c.queued(), c.delivering(), c.dead(), age, total[0], total[1], share(route),
                BudgetJson.of(budgets.forRoute(name).view()));
    }

    private ShareJson share(RouteConfig route) {
        int agents = fleet.agents();
        Double rate = route.rateLimit().map(r -> r.permits() * 1e9 / r.period().toNanos() / agents).orElse(null);
        return new ShareJson(agents, fleet.share(route.concurrency()), rate);
    }
}
