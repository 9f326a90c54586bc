package io.outpost.outbox;

import static io.outpost.store.Timestamps.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Stores a group of messages with one call of {@code outbox_accept} (see migration V2): one round trip, one
 * executor run for the whole group, the usage moved by what was inserted. Reports which messages an
 * idempotency key already taken kept out, with the records that hold those keys.
 */
final class MessageInsert {

    private static final String ACCEPT = "select id, seq from outbox_accept($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
            + "$11, $12, $13, $14)";
    private static final String FIND_KEYS = "select " + OutboxMessage.COLUMNS + ", idempotency_key from outbox_message "
            + "where (route, idempotency_key) in (select * from unnest($1::text[], $2::text[]))";

    /** What the insert did: records of the stored messages by group index, and the rest's existing records. */
    record Result(Map<Integer, MessageRecord> stored, Map<Integer, MessageRecord> duplicates) {
    }

    /** {@code outbox_accept} found the group over a limit and stored nothing. */
    static final class OverLimit extends RuntimeException {
        OverLimit() {
            super("outbox limit reached", null, false, false);
        }
    }

    private MessageInsert() {
    }

    /**
     * @param client a connection inside a transaction, or the pool (the call is then its own transaction)
     * @param limits the usage above which nothing is stored ({@link OverLimit}); {@code null} for none
     */
    static Uni<Result> insert(SqlClient client, List<NewMessage> group, List<Integer> indexes, Instant now,
            CapacityPlan.Limits limits) {
        int n = indexes.size();
        UUID[] ids = new UUID[n];
        String[] routes = new String[n], subpaths = new String[n], methods = new String[n], types = new String[n];
        String[] orderingKeys = new String[n], keys = new String[n];
        Buffer[] bodies = new Buffer[n];
        Integer[] sizes = new Integer[n], priorities = new Integer[n];
        OffsetDateTime[] expires = new OffsetDateTime[n];
        Map<UUID, Integer> indexById = new HashMap<>();
        for (int i = 0; i < n; i++) {
            NewMessage m = group.get(indexes.get(i));
            ids[i] = Ids.newId(now.toEpochMilli());
            indexById.put(ids[i], indexes.get(i));
            routes[i] = m.route();
            subpaths[i] = m.subpath();
            methods[i] = m.method();
            types[i] = m.contentType();
            bodies[i] = Buffer.buffer(m.body());
            sizes[i] = m.body().length;
            priorities[i] = m.priority();
            orderingKeys[i] = m.orderingKey();
            keys[i] = m.idempotencyKey();
            expires[i] = utc(m.ttl().map(now::plus).orElse(null));
        }
        Tuple params = Tuple.tuple(List.of(ids, routes, subpaths, methods, types, bodies, sizes, priorities, orderingKeys,
                keys, expires, utc(now), limits == null ? Long.MAX_VALUE : limits.maxMessages(),
                limits == null ? Long.MAX_VALUE : limits.maxBytes()));
        return client.preparedQuery(ACCEPT).execute(params)
                .onFailure(e -> e instanceof PgException pg && "OX001".equals(pg.getSqlState()))
                .transform(e -> new OverLimit())
                .chain(rows -> {
            Map<Integer, MessageRecord> stored = new HashMap<>();
            for (Row r : rows) {
                int index = indexById.get(r.getUUID("id"));
                NewMessage m = group.get(index);
                Instant expiresAt = m.ttl().map(now::plus).orElse(null);
                stored.put(index, new MessageRecord(r.getUUID("id"), m.route(), MessageStatus.QUEUED, m.priority(),
                        m.orderingKey(), 0, now, now, null, expiresAt, null, null, r.getLong("seq")));
            }
            List<Integer> kept = indexes.stream().filter(i -> !stored.containsKey(i)).toList();
            return existing(client, group, kept).map(dups -> new Result(stored, dups));
        });
    }

    /** The stored records behind the idempotency keys of {@code indexes}, by group index. */
    static Uni<Map<Integer, MessageRecord>> existing(SqlClient client, List<NewMessage> group, List<Integer> indexes) {
        if (indexes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> routes = new ArrayList<>(), keys = new ArrayList<>();
        indexes.forEach(i -> {
            routes.add(group.get(i).route());
            keys.add(group.get(i).idempotencyKey());
        });
        return client.preparedQuery(FIND_KEYS).execute(Tuple.of(routes.toArray(String[]::new), keys.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, MessageRecord> byKey = new HashMap<>();
                    rows.forEach(r -> byKey.put(r.getString("route") + '\0' + r.getString("idempotency_key"),
                            OutboxMessage.record(r)));
                    Map<Integer, MessageRecord> found = new HashMap<>();
                    indexes.forEach(i -> {
                        MessageRecord rec = byKey.get(group.get(i).route() + '\0' + group.get(i).idempotencyKey());
                        if (rec != null) {
                            found.put(i, rec);
                        }
                    });
                    return found;
                });
    }
}
