package io.outpost.budget;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.Priority;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.config.OutpostConfig;
import io.outpost.upstream.WireMeter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Every route's {@link Budget}, charged with the bytes its pipeline sends ({@link WireMeter}) and kept in the store.
 * At start the store's figures are read (again every second until that works): until then a budgeted route sends
 * only its reserve. Meters: {@code outpost.route.request.bytes{route}} (every route's request bytes on the wire),
 * {@code outpost.budget.limit.bytes} and {@code outpost.budget.spent.bytes} (budgeted routes, current window).
 */
@ApplicationScoped
public class RouteBudgets implements WireMeter {

    private static final Logger LOG = Logger.getLogger(RouteBudgets.class);
    private static final long LOAD_RETRY_MS = 1000;
    private static final Budget NONE = Budget.none();

    private final BudgetStore store;
    private final Vertx vertx;
    private final Map<String, Budget> budgets = new HashMap<>();
    private final Map<String, Charges> charges = new HashMap<>();
    private final Map<String, Counter> sent = new HashMap<>();

    RouteBudgets(OutpostConfig config, Clock clock, BudgetStore store, Vertx vertx, MeterRegistry registry) {
        this.store = store;
        this.vertx = vertx;
        config.routes().forEach((name, route) -> {
            sent.put(name, Counter.builder("outpost.route.request.bytes").tag("route", name).baseUnit("bytes")
                    .description("Request bytes sent on the wire (request line, headers, body after compression)")
                    .register(registry));
            route.budget().limit().ifPresent(limit -> {
                Budget budget = new Budget(limit, route.budget().reservePriority(), clock);
                budgets.put(name, budget);
                charges.put(name, new Charges(name, store, vertx, f -> budget.stored(f.periodStart(), f.spent())));
                Gauge.builder("outpost.budget.limit.bytes", budget, b -> b.view().limit()).tag("route", name)
                        .baseUnit("bytes").description("Byte budget of the route per period").register(registry);
                Gauge.builder("outpost.budget.spent.bytes", budget, b -> b.view().spent()).tag("route", name)
                        .baseUnit("bytes").description("Bytes the route spent of its budget in this period")
                        .register(registry);
            });
        });
    }

    void start(@Observes StartupEvent event) {
        if (!budgets.isEmpty()) {
            load();
        }
    }

    private void load() {
        refresh().subscribe().with(ok -> { }, failure -> {
            LOG.warnf("Could not read the routes' spent budgets (only their reserve is sent meanwhile): %s",
                    failure.toString());
            vertx.setTimer(LOAD_RETRY_MS, id -> load());
        });
    }

    /**
     * On a clean stop, after the relay's (whose last answers are charged here) and before the store stops: every
     * charge is written, so a restart starts from what was really spent.
     */
    void stop(@Observes @Priority(Integer.MAX_VALUE - 3) ShutdownEvent event) {
        try {
            CompletableFuture.allOf(charges.values().stream().map(Charges::flush).toArray(CompletableFuture[]::new))
                    .get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Not every byte sent was recorded against its budget before the stop: %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads every budgeted route's figure from the store (what other agents spent included). */
    public Uni<Void> refresh() {
        if (budgets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.all().invoke(figures -> budgets.forEach((route, budget) -> {
            BudgetStore.Figure f = figures.get(route);
            if (f == null) {
                budget.nothingStored();
            } else {
                budget.stored(f.periodStart(), f.spent());
            }
        })).replaceWithVoid();
    }

    /** The route's budget; one that allows everything for a route without. */
    public Budget forRoute(String route) {
        return budgets.getOrDefault(route, NONE);
    }

    @Override
    public void sent(String route, long bytes) {
        Counter counter = sent.get(route);
        if (counter != null) {
            counter.increment(bytes);
        }
        Budget budget = budgets.get(route);
        if (budget != null) {
            budget.charge(bytes);
            charges.get(route).add(budget.periodStart(), bytes);
        }
    }
}
