package io.outpost.transfer;

import static io.outpost.store.Timestamps.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.outpost.fleet.Agent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The transfers' SQL. Inserts wait for the WAL flush (a 202 must survive a power cut); progress updates
 * need not: a lost one leaves an older offset, which the synced file still holds. A transfer is owned by the
 * agent that accepted it (its file is in that agent's data dir): in a fleet sharing the store, only the owner
 * resumes it and removes it at retention; every agent can read it. An agent alone on its embedded store owns
 * them all ({@link Agent#alone()}).
 */
@ApplicationScoped
class TransferStore {

    private static final String COLUMNS = "id, route, path, direction, state, content_type, sha256, bytes_done, "
            + "bytes_total, validator, attempts, last_status, last_error, created_at, finished_at";

    private final Pool pool;
    private final Agent agent;

    TransferStore(Pool pool, Agent agent) {
        this.pool = pool;
        this.agent = agent;
    }

    Uni<Void> insert(Transfer t) {
        return pool.preparedQuery("insert into transfer (id, route, path, direction, state, content_type, sha256, "
                + "bytes_done, bytes_total, created_at, updated_at, owner) "
                + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)")
                .execute(Tuple.tuple(List.of(t.id(), t.route(), t.path(), t.direction().wire(), t.state().wire()))
                        .addValue(t.contentType()).addValue(t.sha256()).addLong(t.bytesDone())
                        .addValue(t.bytesTotal()).addValue(utc(t.createdAt())).addString(agent.id()))
                .replaceWithVoid();
    }

    Uni<Optional<Transfer>> find(UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from transfer where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(read(rows.iterator().next())));
    }

    /** The {@code limit} newest transfers, of every agent sharing the store, newest first (the dashboard's list). */
    Uni<List<Transfer>> newest(int limit) {
        return pool.preparedQuery("select " + COLUMNS + " from transfer order by created_at desc, id limit $1")
                .execute(Tuple.of(limit)).map(rows -> {
                    List<Transfer> list = new ArrayList<>();
                    rows.forEach(r -> list.add(read(r)));
                    return list;
                });
    }

    /** Everything of this agent's not completed or failed, oldest first: what a start picks up again. */
    Uni<List<Transfer>> unfinished() {
        return pool.preparedQuery("select " + COLUMNS + " from transfer where state not in ('completed', 'failed') "
                + "and (owner = $1 or owner is null or $2) order by created_at")
                .execute(Tuple.of(agent.id(), agent.alone())).map(rows -> {
                    List<Transfer> list = new ArrayList<>();
                    rows.forEach(r -> list.add(read(r)));
                    return list;
                });
    }

    /** Writes the transfer's state and progress as they are now. */
    Uni<Void> update(Transfer t, Instant now) {
        return pool.preparedQuery("update transfer set state = $2, content_type = $3, bytes_done = $4, "
                + "bytes_total = $5, validator = $6, attempts = $7, last_status = $8, last_error = $9, "
                + "updated_at = $10, finished_at = $11 where id = $1")
                .execute(Tuple.tuple(List.of(t.id(), t.state().wire())).addValue(t.contentType())
                        .addLong(t.bytesDone()).addValue(t.bytesTotal()).addValue(t.validator())
                        .addInteger(t.attempts()).addValue(t.lastStatus()).addValue(t.lastError())
                        .addValue(utc(now)).addValue(t.finishedAt() == null ? null : utc(t.finishedAt())))
                .replaceWithVoid();
    }

    /** Up to {@code limit} of this agent's finished transfers that ended before {@code before}, oldest first. */
    Uni<List<UUID>> finishedBefore(Instant before, int limit) {
        return pool.preparedQuery("select id from transfer where state in ('completed', 'failed') and finished_at < $1 "
                + "and (owner = $3 or owner is null or $4) order by finished_at limit $2")
                .execute(Tuple.of(utc(before), limit, agent.id(), agent.alone())).map(TransferStore::ids);
    }

    /** Removes these transfers if they are finished; the ids removed. */
    Uni<List<UUID>> deleteFinished(List<UUID> ids) {
        return pool.preparedQuery("delete from transfer where id = any($1) and state in ('completed', 'failed') "
                + "returning id").execute(Tuple.of(ids.toArray(UUID[]::new))).map(TransferStore::ids);
    }

    /** Which of these ids have a transfer row. */
    Uni<List<UUID>> known(List<UUID> ids) {
        return pool.preparedQuery("select id from transfer where id = any($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).map(TransferStore::ids);
    }

    /** The first column of each row, a transfer id. */
    private static List<UUID> ids(RowSet<Row> rows) {
        List<UUID> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.getUUID(0)));
        return ids;
    }

    private static Transfer read(Row r) {
        OffsetDateTime finished = r.getOffsetDateTime("finished_at");
        return new Transfer(r.getUUID("id"), r.getString("route"), r.getString("path"),
                Transfer.Direction.valueOf(r.getString("direction").toUpperCase()),
                TransferState.fromWire(r.getString("state")), r.getString("content_type"), r.getString("sha256"),
                r.getLong("bytes_done"), r.getLong("bytes_total"), r.getString("validator"),
                r.getInteger("attempts"), r.getInteger("last_status"), r.getString("last_error"),
                r.getOffsetDateTime("created_at").toInstant(), finished == null ? null : finished.toInstant());
    }
}
