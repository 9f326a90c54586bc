package io.outpost.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One reader's position in the change feed: each {@link #next} reads the messages changed after it (their
 * current state, in change order), as far as its {@link ChangeHorizon} allows. One read at a time.
 */
public final class ChangeFeed {

    /**
     * One statement, one snapshot: the changed rows, the snapshot's open transactions and the highest
     * number it sees (the outer join keeps the snapshot row when nothing changed).
     */
    private static final String READ = "with s as (select pg_current_snapshot()::text as snap, "
            + "(select max(changed_seq) from outbox_message) as top) "
            + "select s.snap, s.top, m.changed_seq, m.id, m.route, m.status, m.attempts, m.last_status, "
            + "m.last_error, m.updated_at from s left join lateral (select changed_seq, id, route, status, attempts, "
            + "last_status, last_error, updated_at from outbox_message where changed_seq > $1 "
            + "and ($2::text is null or route = $2) order by changed_seq limit $3) m on true order by m.changed_seq";

    /** What one read served: the changes, the position after them, and whether more are held back. */
    public record Batch(List<MessageChange> changes, long position, boolean held) {
    }

    private final Pool pool;
    private final Clock clock;
    private final Optional<String> route;
    private ChangeHorizon horizon;
    private long position;

    /** {@code after}: the position to start from, or empty to start at the newest change. */
    ChangeFeed(Pool pool, Clock clock, Optional<String> route, Optional<Long> after) {
        this.pool = pool;
        this.clock = clock;
        this.route = route;
        this.position = after.orElse(Long.MAX_VALUE);
        this.horizon = after.map(a -> new ChangeHorizon(clock, a)).orElse(null);
    }

    /** The position after the last change served (what a resuming reader passes back). */
    public long position() {
        return position;
    }

    /** Reads up to {@code limit} changes after the position and moves past those it serves. */
    public Uni<Batch> next(int limit) {
        return pool.preparedQuery(READ).execute(Tuple.of(position, route.orElse(null), limit)).map(rows -> served(rows, limit));
    }

    private Batch served(RowSet<Row> rows, int pageSize) {
        List<MessageChange> read = new ArrayList<>();
        String snapshot = null;
        long top = 0;
        for (Row row : rows) {
            snapshot = row.getString("snap");
            Long t = row.getLong("top");
            top = t == null ? 0 : t;
            if (row.getLong("changed_seq") != null) {
                read.add(change(row));
            }
        }
        if (horizon == null) { // a reader from now: starts at the newest change of its first snapshot
            position = top;
            horizon = new ChangeHorizon(clock, top);
        }
        long limit = horizon.observe(openIds(snapshot), top);
        List<MessageChange> served = read.stream().filter(c -> c.seq() <= limit).toList();
        boolean full = read.size() >= pageSize;
        if (!served.isEmpty()) {
            position = served.get(served.size() - 1).seq();
        }
        if (!full) {
            position = Math.max(position, Math.min(limit, top)); // nothing of this reader's up to there
        }
        return new Batch(served, position, limit < top);
    }

    private static MessageChange change(Row row) {
        var at = row.getOffsetDateTime("updated_at");
        return new MessageChange(row.getLong("changed_seq"), row.getUUID("id"), row.getString("route"),
                row.getString("status"), row.getInteger("attempts"), row.getInteger("last_status"),
                row.getString("last_error"), at == null ? null : at.toInstant());
    }

    /** The xip list of a snapshot's text form, {@code xmin:xmax:xip,...}. */
    static Set<Long> openIds(String snapshot) {
        Set<Long> ids = new HashSet<>();
        if (snapshot == null) {
            return ids;
        }
        String[] parts = snapshot.split(":", 3);
        if (parts.length == 3 && !parts[2].isEmpty()) {
            for (String id : parts[2].split(",")) {
                ids.add(Long.parseLong(id));
            }
        }
        return ids;
    }
}
