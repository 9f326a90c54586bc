package io.outpost.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.outpost.outbox.AcceptOutcome.Accepted;
import io.outpost.outbox.AcceptOutcome.Duplicate;
import io.outpost.outbox.AcceptOutcome.Full;
import io.outpost.outbox.CapacityPlan.Candidate;
import io.outpost.outbox.CapacityPlan.Decision;
import io.outpost.outbox.CapacityPlan.Limits;
import io.outpost.outbox.CapacityPlan.Usage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One commit group: deduplicates idempotency keys, checks the limits under the usage row lock, evicts if
 * the policy says so, inserts what fits and moves the usage, all in the caller's transaction.
 */
final class AcceptTransaction {

    private static final String INSERT = "insert into outbox_message (id, route, subpath, method, content_type, "
            + "body, size, priority, ordering_key, idempotency_key, status, attempts, accepted_at, next_attempt_at, "
            + "expires_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued', 0, $11, $11, $12, $11) "
            + "returning seq";
    private static final String FIND_KEYS = "select " + MessageRows.COLUMNS + ", idempotency_key from outbox_message "
            + "where (route, idempotency_key) in (select * from unnest($1::text[], $2::text[]))";

    private final Limits limits;
    private final Evictions evictions;

    AcceptTransaction(Limits limits) {
        this.limits = limits;
        this.evictions = new Evictions(limits.policy());
    }

    /** Outcomes in the order of {@code group}; evicted ids are reported to {@code evicted}. */
    Uni<List<AcceptOutcome>> run(SqlConnection conn, List<NewMessage> group, Instant now, List<UUID> evicted) {
        AcceptOutcome[] outcomes = new AcceptOutcome[group.size()];
        Map<String, Integer> firstByKey = new HashMap<>();
        List<String> keyRoutes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            NewMessage m = group.get(i);
            if (m.idempotencyKey() != null && firstByKey.putIfAbsent(dedupeKey(m), i) == null) {
                keyRoutes.add(m.route());
                keys.add(m.idempotencyKey());
            }
        }
        Uni<List<Row>> existing = keys.isEmpty() ? Uni.createFrom().item(List.of())
                : conn.preparedQuery(FIND_KEYS).execute(Tuple.of(keyRoutes.toArray(String[]::new), keys.toArray(String[]::new)))
                        .map(AcceptTransaction::rows);
        return existing.chain(found -> {
            Map<String, MessageRecord> stored = new HashMap<>();
            for (Row r : found) {
                stored.put(r.getString("route") + '\0' + r.getString("idempotency_key"), MessageRows.record(r));
            }
            List<Candidate> candidates = new ArrayList<>();
            for (int i = 0; i < group.size(); i++) {
                NewMessage m = group.get(i);
                MessageRecord dup = m.idempotencyKey() == null ? null : stored.get(dedupeKey(m));
                if (dup != null) {
                    outcomes[i] = new Duplicate(dup);
                } else if (m.idempotencyKey() == null || firstByKey.get(dedupeKey(m)) == i) {
                    candidates.add(new Candidate(i, m.body().length, m.priority()));
                }
            }
            return conn.query("select messages, bytes from outbox_usage where id = 1 for update").execute()
                    .map(rs -> rs.iterator().next())
                    .map(r -> new Usage(r.getLong("messages"), r.getLong("bytes")))
                    .chain(usage -> evictions.victims(conn, usage, limits, candidates)
                            .map(victims -> CapacityPlan.decide(usage, limits, candidates, victims)))
                    .chain(decision -> apply(conn, group, candidates, decision, now, outcomes, evicted));
        }).map(ignored -> {
            for (int i = 0; i < group.size(); i++) {
                if (outcomes[i] == null) {
                    Integer first = firstByKey.get(dedupeKey(group.get(i)));
                    outcomes[i] = outcomes[first] instanceof Accepted a ? new Duplicate(a.message()) : outcomes[first];
                }
            }
            return List.of(outcomes);
        });
    }

    private Uni<Void> apply(SqlConnection conn, List<NewMessage> group, List<Candidate> candidates, Decision decision,
            Instant now, AcceptOutcome[] outcomes, List<UUID> evicted) {
        List<Tuple> rows = new ArrayList<>();
        List<MessageRecord> records = new ArrayList<>();
        for (Candidate c : candidates) {
            NewMessage m = group.get(c.index());
            if (!decision.admitted().get(c.index())) {
                outcomes[c.index()] = new Full(fullDetail());
                continue;
            }
            UUID id = Ids.newId(now.toEpochMilli());
            Instant expires = m.ttl().map(now::plus).orElse(null);
            rows.add(Tuple.tuple().addUUID(id).addString(m.route()).addString(m.subpath()).addString(m.method())
                    .addString(m.contentType())
                    .addValue(Buffer.buffer(m.body())).addInteger(m.body().length).addInteger(m.priority())
                    .addString(m.orderingKey()).addString(m.idempotencyKey()).addValue(MessageRows.utc(now))
                    .addValue(MessageRows.utc(expires)));
            records.add(new MessageRecord(id, m.route(), MessageStatus.QUEUED, m.priority(), m.orderingKey(), 0, now,
                    now, null, expires, null, null, 0));
        }
        Uni<Void> evict = evictions.evict(conn, decision.evicted(), now).invoke(evicted::addAll).replaceWithVoid();
        Uni<Void> insert = rows.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery(INSERT).executeBatch(rows).invoke(rs -> {
                    int i = 0;
                    for (var set = rs; set != null; set = set.next(), i++) {
                        MessageRecord r = records.get(i);
                        long seq = set.iterator().next().getLong("seq");
                        records.set(i, new MessageRecord(r.id(), r.route(), r.status(), r.priority(), r.orderingKey(),
                                0, r.acceptedAt(), r.nextAttemptAt(), null, r.expiresAt(), null, null, seq));
                    }
                }).replaceWithVoid();
        Usage after = decision.after();
        return evict.chain(() -> insert)
                .chain(() -> conn.preparedQuery("update outbox_usage set messages = $1, bytes = $2 where id = 1")
                        .execute(Tuple.of(after.messages(), after.bytes())))
                .invoke(() -> {
                    int i = 0;
                    for (Candidate c : candidates) {
                        if (decision.admitted().get(c.index())) {
                            outcomes[c.index()] = new Accepted(records.get(i++));
                        }
                    }
                }).replaceWithVoid();
    }

    private String fullDetail() {
        return switch (limits.policy()) {
            case REJECT -> "The outbox holds its maximum (" + limits.maxMessages() + " messages or "
                    + limits.maxBytes() + " bytes) and outpost.outbox.full-policy is reject.";
            case DROP_OLDEST -> "The message does not fit even after evicting every evictable message.";
            case DROP_LOWEST_PRIORITY -> "The outbox is full of messages at least as urgent as this one.";
        };
    }

    private static String dedupeKey(NewMessage m) {
        return m.route() + '\0' + m.idempotencyKey();
    }

    private static List<Row> rows(io.vertx.mutiny.sqlclient.RowSet<Row> rs) {
        List<Row> list = new ArrayList<>(rs.size());
        rs.forEach(list::add);
        return list;
    }
}
