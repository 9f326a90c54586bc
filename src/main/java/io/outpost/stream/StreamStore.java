package io.outpost.stream;

import static io.outpost.store.Timestamps.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The streams' SQL: storing received events with the resume point, reading them back, outgoing frames. */
@ApplicationScoped
public class StreamStore {

    /** Where a stream stands after a restart. */
    record Position(long lastSeq, String lastEventId, String pollCursor) {
    }

    /** A frame waiting to go upstream. */
    record Outgoing(long seq, byte[] payload, boolean binary) {
    }

    static final int TRIM_CHUNK = 5000;

    private static final String ADVANCE = "update stream_position set last_seq = last_seq + $2, "
            + "last_event_id = coalesce($3, last_event_id), poll_cursor = coalesce($4, poll_cursor) "
            + "where stream = $1 returning last_seq";
    private static final String INSERT = "insert into stream_event "
            + "(stream, seq, upstream_id, event, data, received_at) "
            + "select $1, $2 + t.n, t.id, t.ev, t.data, $6 "
            + "from unnest($3::text[], $4::text[], $5::text[]) with ordinality as t(id, ev, data, n)";

    private final Pool pool;

    StreamStore(Pool pool) {
        this.pool = pool;
    }

    /** The stream's position, creating it on first use. */
    Uni<Position> open(String stream) {
        return pool.preparedQuery("insert into stream_position (stream) values ($1) on conflict (stream) do nothing")
                .execute(Tuple.of(stream))
                .chain(() -> pool.preparedQuery("select last_seq, last_event_id, poll_cursor from stream_position "
                        + "where stream = $1").execute(Tuple.of(stream)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Position(r.getLong(0), r.getString(1), r.getString(2));
                });
    }

    /**
     * Stores events in arrival order and moves the resume point, in one transaction; the sequence number
     * of the last one. A null {@code lastEventId} or {@code pollCursor} keeps the stored one.
     */
    Uni<Long> append(String stream, List<Incoming> events, Instant receivedAt, String lastEventId,
            String pollCursor) {
        int n = events.size();
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = events.get(i).id();
            types[i] = events.get(i).event();
            data[i] = events.get(i).data();
        }
        return pool.withTransaction(conn -> conn.preparedQuery(ADVANCE)
                .execute(Tuple.of(stream, n, lastEventId, pollCursor))
                .map(rows -> rows.iterator().next().getLong(0))
                .call(last -> n == 0 ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(INSERT).execute(Tuple.tuple(List.of(stream, last - n, ids, types, data,
                                utc(receivedAt))))));
    }

    /** Up to {@code limit} events after {@code seq}, oldest first. */
    public Uni<List<StoredEvent>> after(String stream, long seq, int limit) {
        return pool.preparedQuery("select seq, upstream_id, event, data, received_at from stream_event "
                + "where stream = $1 and seq > $2 order by seq limit $3").execute(Tuple.of(stream, seq, limit))
                .map(rows -> {
                    List<StoredEvent> events = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        events.add(new StoredEvent(r.getLong(0), r.getString(1), r.getString(2), r.getString(3),
                                r.getOffsetDateTime(4).toInstant()));
                    }
                    return events;
                });
    }

    /** Queues a frame for the upstream (committed before this completes); its sequence number. */
    Uni<Long> enqueue(String stream, byte[] payload, boolean binary, Instant now) {
        return pool.preparedQuery("insert into stream_outgoing (stream, payload, is_binary, created_at) "
                + "values ($1, $2, $3, $4) returning seq")
                .execute(Tuple.of(stream, Buffer.buffer(payload), binary, utc(now)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The oldest frames waiting for the stream, in order. */
    Uni<List<Outgoing>> outgoing(String stream, int limit) {
        return pool.preparedQuery("select seq, payload, is_binary from stream_outgoing where stream = $1 "
                + "order by seq limit $2").execute(Tuple.of(stream, limit)).map(rows -> {
                    List<Outgoing> frames = new ArrayList<>(rows.size());
                    rows.forEach(r -> frames.add(new Outgoing(r.getLong(0), r.getBuffer(1).getBytes(),
                            r.getBoolean(2))));
                    return frames;
                });
    }

    /** Frames up to {@code seq} were written to the upstream. */
    Uni<Integer> sent(String stream, long seq) {
        return pool.preparedQuery("delete from stream_outgoing where stream = $1 and seq <= $2")
                .execute(Tuple.of(stream, seq)).map(rows -> rows.rowCount());
    }

    /** Removes the stream's events beyond the newest {@code keep}, a chunk per statement; how many. */
    Uni<Long> trim(String stream, long keep) {
        return pool.preparedQuery("delete from stream_event where stream = $1 and seq in (select seq from stream_event "
                + "where stream = $1 and seq <= (select last_seq from stream_position where stream = $1) - $2 "
                + "order by seq limit " + TRIM_CHUNK + ")").execute(Tuple.of(stream, keep))
                .map(rows -> (long) rows.rowCount())
                .chain(n -> n == TRIM_CHUNK ? trim(stream, keep).map(m -> n + m) : Uni.createFrom().item(n));
    }

}
