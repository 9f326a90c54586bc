package io.outpost.outbox;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** Per-route counts of the messages the outbox is working on, read from the store. */
@ApplicationScoped
public class OutboxStats {

    private static final String COUNTS = "select route, status, count(*) as n, min(accepted_at) as oldest "
            + "from outbox_message where status in ('queued', 'delivering', 'dead') group by route, status";

    private final Pool pool;

    OutboxStats(Pool pool) {
        this.pool = pool;
    }

    /** Counts by route name; routes with nothing in the outbox are absent. */
    public Uni<Map<String, RouteCounts>> byRoute() {
        return pool.query(COUNTS).execute().map(rows -> {
            Map<String, RouteCounts> counts = new HashMap<>();
            for (Row r : rows) {
                RouteCounts c = counts.getOrDefault(r.getString("route"), RouteCounts.NONE);
                long n = r.getLong("n");
                counts.put(r.getString("route"), switch (r.getString("status")) {
                    case "queued" -> new RouteCounts(n, c.delivering(), c.dead(),
                            MessageRows.instant(r.getOffsetDateTime("oldest")));
                    case "delivering" -> new RouteCounts(c.queued(), n, c.dead(), c.oldestQueuedAt());
                    default -> new RouteCounts(c.queued(), c.delivering(), n, c.oldestQueuedAt());
                });
            }
            return counts;
        });
    }
}
