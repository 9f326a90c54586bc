package io.outpost.outbox;

import static io.outpost.store.Timestamps.utc;

import java.time.Duration;
import java.time.Instant;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Removes finished records past their retention, a bounded chunk per statement so that a long backlog of
 * old records never becomes one long transaction. Dead and expired messages still count against the
 * outbox limits, so removing them gives their room back in the same statement.
 */
final class Purge {

    static final int CHUNK = 1000;

    private static final String FINISHED = "delete from outbox_message where seq in (select seq from outbox_message "
            + "where status = $1 and updated_at < $2 order by seq limit " + CHUNK + ")";
    private static final String HELD = "with gone as (delete from outbox_message where seq in (select seq from "
            + "outbox_message where status = $1 and updated_at < $2 order by seq limit " + CHUNK + ") returning size) "
            + "update outbox_usage set messages = messages - (select count(*) from gone), "
            + "bytes = bytes - (select coalesce(sum(size), 0) from gone) where id = 1 "
            + "returning (select count(*) from gone)";

    private final Pool pool;
    private final Duration retention;
    private final Duration deadRetention;

    Purge(Pool pool, Duration retention, Duration deadRetention) {
        this.pool = pool;
        this.retention = retention;
        this.deadRetention = deadRetention;
    }

    /** One pass over every status; the number of records removed. */
    Uni<Long> run(Instant now) {
        return finished("delivered", now.minus(retention))
                .chain(a -> finished("cancelled", now.minus(retention)).map(b -> a + b))
                .chain(a -> held("dead", now.minus(deadRetention)).map(b -> a + b))
                .chain(a -> held("expired", now.minus(deadRetention)).map(b -> a + b));
    }

    private Uni<Long> finished(String status, Instant before) {
        return pool.preparedQuery(FINISHED).execute(Tuple.of(status, utc(before)))
                .map(rs -> (long) rs.rowCount())
                .chain(n -> n == CHUNK ? finished(status, before).map(m -> n + m) : Uni.createFrom().item(n));
    }

    private Uni<Long> held(String status, Instant before) {
        return pool.preparedQuery(HELD).execute(Tuple.of(status, utc(before)))
                .map(rs -> rs.iterator().next().getLong(0))
                .chain(n -> n == CHUNK ? held(status, before).map(m -> n + m) : Uni.createFrom().item(n));
    }
}
