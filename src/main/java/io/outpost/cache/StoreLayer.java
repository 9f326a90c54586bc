package io.outpost.cache;

import static io.outpost.store.Timestamps.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The persistent layer: the {@code cache_entry} table. Reads are direct; every change goes through one
 * {@link SerialQueue}, so an invalidation runs after the writes queued before it and cannot be undone by
 * one of them landing late.
 */
final class StoreLayer {

    private final Pool pool;
    private final SerialQueue writes = new SerialQueue();

    StoreLayer(Pool pool) {
        this.pool = pool;
    }

    Uni<List<StoredResponse>> load(String route, String target) {
        return pool.preparedQuery("select variant, status, headers, body, request_time, response_time "
                + "from cache_entry where route = $1 and target = $2").execute(Tuple.of(route, target))
                .map(rows -> {
                    List<StoredResponse> variants = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        variants.add(new StoredResponse(r.getInteger("status"), parseHeaders(r.getString("headers")),
                                r.getBuffer("body").getDelegate(), r.getOffsetDateTime("request_time").toInstant(),
                                r.getOffsetDateTime("response_time").toInstant(), r.getString("variant")));
                    }
                    return variants;
                });
    }

    Uni<Void> put(String route, String target, StoredResponse s) {
        return writes.submit(() -> pool.preparedQuery("select cache_put($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.from(new Object[] { route, target, s.variant(), (short) s.status(),
                        formatHeaders(s.headers()), s.body(), utc(s.requestTime()),
                        utc(s.responseTime()), s.weight() }))
                .replaceWithVoid());
    }

    /** Marks many URLs used at once: {@code keys} as {@link MemoryLayer#key} makes them. */
    Uni<Void> touchAll(List<String> keys, Instant now) {
        String[] routes = new String[keys.size()];
        String[] targets = new String[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            int split = keys.get(i).indexOf('\u0000');
            routes[i] = keys.get(i).substring(0, split);
            targets[i] = keys.get(i).substring(split + 1);
        }
        return writes.submit(() -> pool.preparedQuery("update cache_entry c set last_used = $3 "
                + "from unnest($1::text[], $2::text[]) as t(route, target) "
                + "where c.route = t.route and c.target = t.target")
                .execute(Tuple.of(routes, targets, utc(now))).replaceWithVoid());
    }

    Uni<Void> touch(String route, String target, Instant now) {
        return writes.submit(() -> pool.preparedQuery("select cache_touch($1, $2, $3)")
                .execute(Tuple.of(route, target, utc(now))).replaceWithVoid());
    }

    /** Removes one URL's variants, all URLs starting with a prefix, or (both null) the whole route. */
    Uni<Integer> remove(String route, String target, String prefix) {
        String sql = target != null ? "delete from cache_entry where route = $1 and target = $2"
                : prefix != null ? "delete from cache_entry where route = $1 and starts_with(target, $2)"
                : "delete from cache_entry where route = $1";
        Tuple args = target != null ? Tuple.of(route, target) : prefix != null ? Tuple.of(route, prefix)
                : Tuple.of(route);
        return writes.submit(() -> pool.preparedQuery(sql).execute(args).map(rs -> rs.rowCount()));
    }

    /** Trims to {@code maxBytes}: {removed rows, remaining bytes}. */
    Uni<long[]> trim(long maxBytes) {
        return writes.submit(() -> pool.preparedQuery("select * from cache_trim($1)").execute(Tuple.of(maxBytes))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new long[] { r.getLong("removed"), r.getLong("remaining") };
                }));
    }

    /** Completes once everything submitted so far has been written (or failed). */
    Uni<Void> flush() {
        return writes.submit(() -> Uni.createFrom().voidItem());
    }

    static String formatHeaders(MultiMap headers) {
        StringBuilder out = new StringBuilder();
        for (var h : headers) {
            out.append(h.getKey()).append(": ").append(h.getValue()).append('\n');
        }
        return out.toString();
    }

    static MultiMap parseHeaders(String text) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                headers.add(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return headers;
    }

}
