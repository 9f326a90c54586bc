package io.outpost.outbox;

import static io.outpost.store.Timestamps.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.outpost.config.OutboxConfig.FullPolicy;
import io.outpost.outbox.CapacityPlan.Candidate;
import io.outpost.outbox.CapacityPlan.Limits;
import io.outpost.outbox.CapacityPlan.Usage;
import io.outpost.outbox.CapacityPlan.Victim;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads eviction candidates in the policy's order and cancels the ones a plan evicts. */
final class Evictions {

    private static final int PAGE = 512;
    private static final String EVICTABLE = "status in ('queued', 'dead', 'expired')";
    private static final String OLDEST = "select seq, id, size, priority from outbox_message where " + EVICTABLE
            + " and seq > $1 order by seq limit " + PAGE + " for update skip locked";
    private static final String LEAST_URGENT = "select seq, id, size, priority from outbox_message where " + EVICTABLE
            + " and priority >= $3 and (priority < $1 or (priority = $1 and seq > $2)) order by priority desc, seq limit "
            + PAGE + " for update skip locked";

    private final FullPolicy policy;

    Evictions(FullPolicy policy) {
        this.policy = policy;
    }

    /**
     * Enough victims to cover the group's overflow, or all there are; none under the reject policy. They
     * stay locked until the commit, so the relay cannot claim one the plan counts on evicting.
     */
    Uni<List<Victim>> victims(SqlConnection conn, Usage usage, Limits limits, List<Candidate> candidates) {
        Usage overflow = CapacityPlan.overflow(usage, limits, candidates);
        if (policy == FullPolicy.REJECT || (overflow.messages() == 0 && overflow.bytes() == 0)) {
            return Uni.createFrom().item(List.of());
        }
        int mostUrgent = candidates.stream().mapToInt(Candidate::priority).min().orElse(0);
        return page(conn, new ArrayList<>(), overflow, mostUrgent, 10, 0L);
    }

    private Uni<List<Victim>> page(SqlConnection conn, List<Victim> acc, Usage need, int minPriority, int afterPriority,
            long afterSeq) {
        Uni<RowSet<Row>> rows = policy == FullPolicy.DROP_OLDEST
                ? conn.preparedQuery(OLDEST).execute(Tuple.of(afterSeq))
                : conn.preparedQuery(LEAST_URGENT).execute(Tuple.of(afterPriority, afterSeq, minPriority));
        return rows.chain(rs -> {
            long lastSeq = afterSeq;
            int lastPriority = afterPriority;
            for (Row r : rs) {
                acc.add(new Victim(r.getUUID("id"), r.getInteger("size"), r.getInteger("priority")));
                lastSeq = r.getLong("seq");
                lastPriority = r.getInteger("priority");
            }
            long bytes = acc.stream().mapToLong(Victim::size).sum();
            boolean covered = acc.size() >= need.messages() && bytes >= need.bytes();
            if (covered || rs.size() < PAGE) {
                return Uni.createFrom().item(acc);
            }
            return page(conn, acc, need, minPriority, lastPriority, lastSeq);
        });
    }

    Uni<List<UUID>> evict(SqlConnection conn, List<Victim> victims, Instant now) {
        if (victims.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        UUID[] ids = victims.stream().map(Victim::id).toArray(UUID[]::new);
        String reason = "evicted: outbox full (" + policy.name().toLowerCase().replace('_', '-') + ")";
        return conn.preparedQuery("update outbox_message set status = 'cancelled', body = null, updated_at = $2, "
                + "last_error = $3 where id = any($1) and " + EVICTABLE + " returning id, size")
                .execute(Tuple.of(ids, utc(now), reason))
                .chain(rs -> {
                    List<UUID> done = new ArrayList<>(rs.size());
                    long bytes = 0;
                    for (Row r : rs) {
                        done.add(r.getUUID("id"));
                        bytes += r.getInteger("size");
                    }
                    return conn.preparedQuery("update outbox_usage set messages = messages - $1, bytes = bytes - $2 "
                            + "where id = 1").execute(Tuple.of(done.size(), bytes)).replaceWith(done);
                });
    }
}

