package io.outpost.delivery;

import static io.outpost.store.Timestamps.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.outpost.fleet.Agent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The relay's SQL: claiming due messages, writing attempt results back, expiring, per-route totals. */
@ApplicationScoped
public class DeliveryStore {

    private static final String CLAIM = "select * from outbox_claim($1, $2, $3, $4, make_interval(secs => $5))";
    private static final String RECORD = "select outbox_record($1, $2, $3, $4, $5, $6, $7, $8)";
    /** A claim whose lease ran out (its agent died or lost the store) is queued again, attempts unchanged. */
    private static final String RECLAIM = "update outbox_message set status = 'queued', updated_at = $1 "
            + "where status = 'delivering' and (claim_until is null or claim_until < statement_timestamp()) "
            + "returning route";
    private static final String EXPIRE = "update outbox_message set status = 'expired', updated_at = $1, "
            + "last_error = coalesce(last_error || '; ', '') || 'TTL ran out before delivery' "
            + "where id in (select id from outbox_message where status = 'queued' and expires_at <= $1 limit 5000) "
            + "returning route";

    private final Pool pool;
    private final Agent agent;

    DeliveryStore(Pool pool, Agent agent) {
        this.pool = pool;
        this.agent = agent;
    }

    /**
     * The route is back: what waits out a backoff from the outage is due now. A message whose last attempt got
     * an answer (a 429 or 503, perhaps with Retry-After) keeps its wait: the upstream asked for it.
     */
    Uni<Integer> makeDue(String route, Instant now) {
        return pool.preparedQuery("update outbox_message set next_attempt_at = $2 where route = $1 "
                + "and status = 'queued' and next_attempt_at > $2 and last_status is null")
                .execute(Tuple.of(route, utc(now)))
                .map(rs -> rs.rowCount());
    }

    /** Claimed messages that will not be sent now go back to the queue as they were, if still this claim's. */
    Uni<Integer> release(List<Claimed> claimed) {
        UUID[] ids = claimed.stream().map(Claimed::id).toArray(UUID[]::new);
        Integer[] epochs = claimed.stream().map(Claimed::epoch).toArray(Integer[]::new);
        return pool.preparedQuery("update outbox_message m set status = 'queued' from unnest($1::uuid[], $2::int[]) "
                + "as c(id, epoch) where m.id = c.id and m.status = 'delivering' and m.claim_epoch = c.epoch")
                .execute(Tuple.of(ids, epochs)).map(rs -> rs.rowCount());
    }

    /**
     * Every claim this agent holds goes back to the queue, attempts unchanged: at start (what a previous run
     * under the same agent id left in flight; other agents' claims are theirs) and at the end of a clean stop.
     */
    Uni<Integer> releaseOwn(Instant now) {
        return pool.preparedQuery("update outbox_message set status = 'queued', updated_at = $2 "
                + "where status = 'delivering' and claimed_by = $1").execute(Tuple.of(agent.id(), utc(now)))
                .map(rs -> rs.rowCount());
    }

    /** Every claim goes back to the queue, attempts unchanged: at the start of an agent alone on its store. */
    Uni<Integer> releaseAll(Instant now) {
        return pool.preparedQuery("update outbox_message set status = 'queued', updated_at = $1 "
                + "where status = 'delivering'").execute(Tuple.of(utc(now))).map(rs -> rs.rowCount());
    }

    /** Extends the lease of every claim this agent holds: its attempts are still running. */
    Uni<Integer> renew() {
        return pool.preparedQuery("update outbox_message set claim_until = statement_timestamp() "
                + "+ make_interval(secs => $2) where status = 'delivering' and claimed_by = $1")
                .execute(Tuple.of(agent.id(), agent.leaseSeconds())).map(rs -> rs.rowCount());
    }

    /** Queues again the claims whose lease ran out, of any agent; the routes they belong to. */
    Uni<List<String>> reclaimExpired(Instant now) {
        return pool.preparedQuery(RECLAIM).execute(Tuple.of(utc(now))).map(rs -> {
            List<String> routes = new ArrayList<>();
            rs.forEach(r -> routes.add(r.getString(0)));
            return routes;
        });
    }

    Uni<List<Claimed>> claim(String route, Instant now, int limit) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(route, utc(now), limit, agent.id(), agent.leaseSeconds()))
                .map(rows -> {
            List<Claimed> claimed = new ArrayList<>(rows.size());
            for (Row r : rows) {
                OffsetDateTime expires = r.getOffsetDateTime("expires_at");
                claimed.add(new Claimed(r.getUUID("id"), r.getLong("seq"), r.getString("subpath"),
                        r.getString("method"), r.getString("content_type"), r.getBuffer("body").getDelegate(),
                        r.getInteger("priority"), r.getString("ordering_key"), r.getString("idempotency_key"),
                        r.getInteger("attempts"), expires == null ? null : expires.toInstant(),
                        r.getInteger("claim_epoch")));
            }
            claimed.sort((a, b) -> a.priority() != b.priority() ? Integer.compare(a.priority(), b.priority())
                    : Long.compare(a.seq(), b.seq()));
            return claimed;
        });
    }

    /**
     * Writes a group of attempt results in one statement, each under the epoch of its claim (a result whose
     * claim was lost, its lease run out, is not recorded); the number of messages it changed.
     */
    Uni<Long> record(List<AttemptResult> results, List<Integer> epochs, Instant now) {
        int n = results.size();
        UUID[] ids = new UUID[n];
        String[] statuses = new String[n];
        Integer[] attempted = new Integer[n];
        OffsetDateTime[] next = new OffsetDateTime[n];
        Integer[] codes = new Integer[n];
        String[] errors = new String[n];
        for (int i = 0; i < n; i++) {
            AttemptResult r = results.get(i);
            ids[i] = r.id();
            statuses[i] = r.status().wire();
            attempted[i] = r.attempted() ? 1 : 0;
            next[i] = r.nextAttemptAt() == null ? null : utc(r.nextAttemptAt());
            codes[i] = r.httpStatus();
            errors[i] = r.error();
        }
        return pool.preparedQuery(RECORD).execute(Tuple.tuple(List.of(ids, epochs.toArray(Integer[]::new), statuses, attempted, next, codes, errors,
                utc(now)))).map(rs -> rs.iterator().next().getLong(0));
    }

    /** Marks queued messages past their TTL as expired, a chunk at a time; the routes they belonged to. */
    Uni<List<String>> expire(Instant now) {
        return pool.preparedQuery(EXPIRE).execute(Tuple.of(utc(now))).chain(rs -> {
            List<String> routes = new ArrayList<>();
            rs.forEach(r -> routes.add(r.getString(0)));
            return rs.size() < 5000 ? Uni.createFrom().item(routes)
                    : expire(now).map(more -> {
                        routes.addAll(more);
                        return routes;
                    });
        });
    }

    /** Delivered and failed-attempt totals by route, kept across restarts. */
    public Uni<Map<String, long[]>> totals() {
        return pool.query("select route, delivered_total, failed_total from outbox_route_stats").execute()
                .map(rows -> {
                    Map<String, long[]> totals = new HashMap<>();
                    rows.forEach(r -> totals.put(r.getString(0), new long[] { r.getLong(1), r.getLong(2) }));
                    return totals;
                });
    }

}
