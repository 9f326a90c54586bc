package io.outpost.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/**
 * One reader's position in the change feed: each {@link #next} reads the messages changed after it (their
 * current state, in change order), as far as its {@link ChangeHorizon} allows. One read at a time.
 */
public final class ChangeFeed {

    /**
     * One statement, one snapshot: a first row with the snapshot's open transactions and the highest number
     * it sees, then the changed rows (read by position, since a reader that is behind reads thousands a
     * second). The snapshot's text is not repeated on every row: it lists every open transaction, and under
     * load decoding it per row cost more than the row.
     */
    private static final String READ = "select pg_current_snapshot()::text, (select max(changed_seq) from outbox_message), "
            + "null::bigint, null::uuid, null::text, null::text, null::integer, null::integer, null::text, "
            + "null::timestamptz union all (select null, null, changed_seq, id, route, status, attempts, last_status, "
            + "last_error, updated_at from outbox_message where changed_seq > $1 and changed_seq <= $4 "
            + "and ($2::text is null or route = $2) order by changed_seq limit $3)";

    /** What one read served: the changes, the position after them, and whether more are held back. */
    public record Batch(List<MessageChange> changes, long position, boolean held) {
    }

    private static final Comparator<MessageChange> BY_SEQ = Comparator.comparingLong(MessageChange::seq);

    private final Pool pool;
    private final Clock clock;
    private final Optional<String> route;
    private ChangeHorizon horizon;
    private long position;
    private long cap = Long.MAX_VALUE;

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

    /**
     * Reads up to {@code limit} changes after the position and moves past those it serves. After a read that
     * was held back, no further than that read's newest number: under a stream of writes each read sees a
     * transaction for the first time, whose floor is exactly that number ({@link ChangeHorizon}), so the rows
     * above it would be read only to be held back and read again.
     */
    public Uni<Batch> next(int limit) {
        long upTo = cap;
        return pool.preparedQuery(READ).execute(Tuple.of(position, route.orElse(null), limit, upTo))
                .map(rows -> served(rows.getDelegate(), limit, upTo)); // the bare rows: no wrapper per row
    }

    private Batch served(RowSet<Row> rows, int pageSize, long upTo) {
        List<MessageChange> read = new ArrayList<>(Math.min(rows.size(), pageSize));
        String snapshot = null;
        long top = 0;
        for (Row row : rows) {
            if (row.getValue(2) != null) {
                read.add(change(row));
            } else {
                snapshot = row.getString(0);
                Long t = row.getLong(1);
                top = t == null ? 0 : t;
            }
        }
        read.sort(BY_SEQ); // in order already (the union's branches run in turn): a check, not a sort
        if (horizon == null) { // a reader from now: starts at the newest change of its first snapshot
            position = top;
            horizon = new ChangeHorizon(clock, top);
        }
        long limit = horizon.observe(openIds(snapshot), top);
        int servable = read.size();
        while (servable > 0 && read.get(servable - 1).seq() > limit) {
            servable--;
        }
        List<MessageChange> served = read.subList(0, servable);
        boolean full = read.size() >= pageSize;
        if (!served.isEmpty()) {
            position = served.get(served.size() - 1).seq();
        }
        if (!full) { // nothing of this reader's up to there
            position = Math.max(position, Math.min(Math.min(limit, upTo), top));
        }
        boolean held = limit < top;
        cap = held ? top : Long.MAX_VALUE;
        return new Batch(served, position, held || upTo < top);
    }

    private static MessageChange change(Row row) {
        var at = row.getOffsetDateTime(9);
        return new MessageChange(row.getLong(2), row.getUUID(3), row.getString(4), row.getString(5),
                row.getInteger(6), row.getInteger(7), row.getString(8), at == null ? null : at.toInstant());
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
