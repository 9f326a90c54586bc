package io.outpost.budget;

import static io.outpost.store.Timestamps.utc;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The budgets' SQL: one atomic charge per group of requests, and the read of every route's figure. */
@ApplicationScoped
public class BudgetStore {

    /**
     * Adds to the route's window in one statement, so agents sharing the store never lose each other's bytes. A
     * charge for a later window starts it; one for an earlier window (an agent whose clock is behind) still adds
     * to the newest, since the bytes went out.
     */
    private static final String CHARGE = "insert into outbox_route_budget as b (route, period_start, spent) "
            + "values ($1, $2, $3) on conflict (route) do update set "
            + "spent = case when b.period_start < excluded.period_start then excluded.spent "
            + "else b.spent + excluded.spent end, "
            + "period_start = greatest(b.period_start, excluded.period_start) returning period_start, spent";

    /** A window and what was spent in it. */
    record Figure(Instant periodStart, long spent) {
    }

    private final Pool pool;

    BudgetStore(Pool pool) {
        this.pool = pool;
    }

    /** Charges {@code bytes} to the route's window starting at {@code periodStart}; the figure after it. */
    Uni<Figure> charge(String route, Instant periodStart, long bytes) {
        return pool.preparedQuery(CHARGE).execute(Tuple.of(route, utc(periodStart), bytes)).map(rs -> {
            var row = rs.iterator().next();
            return new Figure(row.getOffsetDateTime(0).toInstant(), row.getLong(1));
        });
    }

    /** Every route's figure, as the store has it. */
    Uni<Map<String, Figure>> all() {
        return pool.query("select route, period_start, spent from outbox_route_budget").execute().map(rows -> {
            Map<String, Figure> figures = new HashMap<>();
            rows.forEach(r -> figures.put(r.getString(0), new Figure(r.getOffsetDateTime(1).toInstant(),
                    r.getLong(2))));
            return figures;
        });
    }
}
