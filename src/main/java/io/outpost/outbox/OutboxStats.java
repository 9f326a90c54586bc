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

    // Each part matches one partial index (queued unkeyed, queued keyed, delivering or dead), so delivered
    // history is never read. The oldest queued message is the one with the lowest seq (accept order).
    static final String COUNTS = """
            with parts as (
                select route, 'queued' as status, count(*) as n, min(seq) as first from outbox_message
                where status = 'queued' and ordering_key is null group by route
                union all
                select route, 'queued', count(*), min(seq) from outbox_message
                where status = 'queued' and ordering_key is not null group by route
                union all
                select route, status, count(*), null from outbox_message
                where status in ('delivering', 'dead') group by route, status)
            select p.route, p.status, sum(p.n)::bigint as n,
                   (select m.accepted_at from outbox_message m where m.seq = min(p.first)) as oldest
            from parts p group by p.route, p.status""";

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
                            OutboxMessage.instant(r.getOffsetDateTime("oldest")));
                    case "delivering" -> new RouteCounts(c.queued(), n, c.dead(), c.oldestQueuedAt());
                    default -> new RouteCounts(c.queued(), c.delivering(), n, c.oldestQueuedAt());
                });
            }
            return counts;
        });
    }
}
