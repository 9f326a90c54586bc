package io.outpost.outbox;

import static io.outpost.store.Timestamps.utc;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Per route, how the TTLs of the messages still to deliver (queued or delivering) stand: how many have none,
 * how many have used four fifths of theirs, and the shortest one. Read on demand by the checklist, not on a
 * hot path.
 */
@ApplicationScoped
public class TtlStats {

    /** What the TTLs of a route's waiting messages look like; {@code shortestTtl} null when none has one. */
    public record TtlCounts(long waiting, long withoutTtl, long nearExpiry, Duration shortestTtl) {

        public static final TtlCounts NONE = new TtlCounts(0, 0, 0, null);
    }

    // Each arm of the condition is the predicate of one partial index (queued unkeyed, keyed, held), so the
    // delivered history is never read. Near expiry: less than a fifth of the TTL left (or already past it).
    static final String TTLS = """
            select route, count(*) as waiting,
                   count(*) filter (where expires_at is null) as without_ttl,
                   count(*) filter (where expires_at < $1::timestamptz + (expires_at - accepted_at) / 5) as near,
                   (extract(epoch from min(expires_at - accepted_at)) * 1000)::bigint as shortest_ms
            from outbox_message
            where (status = 'queued' and ordering_key is null)
               or (status in ('queued', 'delivering') and ordering_key is not null)
               or status = 'delivering'
            group by route""";

    private final Pool pool;

    TtlStats(Pool pool) {
        this.pool = pool;
    }

    /** By route name, as of {@code now}; routes with nothing waiting are absent. */
    public Uni<Map<String, TtlCounts>> byRoute(Instant now) {
        return pool.preparedQuery(TTLS).execute(Tuple.of(utc(now))).map(rows -> {
            Map<String, TtlCounts> counts = new HashMap<>();
            for (Row r : rows) {
                Long shortest = r.getLong("shortest_ms");
                counts.put(r.getString("route"), new TtlCounts(r.getLong("waiting"), r.getLong("without_ttl"),
                        r.getLong("near"), shortest == null ? null : Duration.ofMillis(shortest)));
            }
            return counts;
        });
    }
}
