package io.outpost.stream;

import static io.outpost.store.Timestamps.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The streams' SQL: storing received events with the resume point, reading them back, outgoing frames. */
@ApplicationScoped
public class StreamStore {

    /** Where a stream stands after a restart; {@code lastEventAt} is null before its first event. */
    record Position(long lastSeq, String lastEventId, String pollCursor, Instant lastEventAt) {
    }

    /** A frame waiting to go upstream. */
    record Outgoing(long seq, byte[] payload, boolean binary) {
    }

    /** A frame for the upstream as the local API shows it; {@code sentAt} is null while it waits. */
    public record Frame(long id, String stream, Instant acceptedAt, Instant sentAt, boolean created) {
    }

    /**
     * Who stores events: {@code agent}, which stores only while it holds the stream's lease (unless
     * {@code alone}: on its embedded store, no other agent can take it), and tells the fleet's other agents
     * of the events ({@code announce}) when there are any.
     */
    record Holder(String agent, boolean alone, boolean announce) {
    }

    /** Another agent holds the stream's lease now: what this one received is that agent's to store. */
    static final class NotHolder extends RuntimeException {
        NotHolder(String stream) {
            super("stream " + stream + " is held by another agent", null, false, false);
        }
    }

    /** The channel on which a stream's holder announces stored events: {@code <stream>\n<last seq>}. */
    static final String EVENTS_CHANNEL = "outpost_stream_event";
    /** The channel on which an agent that queued a frame wakes the stream's holder: {@code <stream>}. */
    static final String FRAMES_CHANNEL = "outpost_stream_frame";
    static final int TRIM_CHUNK = 5000;
    private static final String FRAME = "seq, created_at, sent_at";

    private static final String ADVANCE = "update stream_position set last_seq = last_seq + $2, "
            + "last_event_id = coalesce($3, last_event_id), poll_cursor = coalesce($4, poll_cursor) "
            + "where stream = $1 and ($5 or exists (select 1 from outpost_lease where name = 'stream:' || $1 "
            + "and owner = $6)) returning last_seq";
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
                .chain(() -> pool.preparedQuery("select p.last_seq, p.last_event_id, p.poll_cursor, (select "
                        + "e.received_at from stream_event e where e.stream = p.stream and e.seq = p.last_seq) "
                        // waits for an append of the previous holder still in flight: resume after it
                        + "from stream_position p where p.stream = $1 for update of p").execute(Tuple.of(stream)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    OffsetDateTime last = r.getOffsetDateTime(3);
                    return new Position(r.getLong(0), r.getString(1), r.getString(2),
                            last == null ? null : last.toInstant());
                });
    }

    /**
     * Stores events in arrival order and moves the resume point, in one transaction; the sequence number
     * of the last one. A null {@code lastEventId} or {@code pollCursor} keeps the stored one. Fails with
     * {@link NotHolder}, storing nothing, once another agent holds the stream (fencing: a paused agent that
     * wakes up after a takeover does not store what its successor stores too).
     */
    Uni<Long> append(String stream, List<Incoming> events, Instant receivedAt, String lastEventId,
            String pollCursor, Holder holder) {
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
                .execute(Tuple.of(stream, n, lastEventId, pollCursor, holder.alone(),
                        holder.agent()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotHolder(stream);
                    }
                    return rows.iterator().next().getLong(0);
                })
                .call(last -> n == 0 ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(INSERT).execute(Tuple.tuple(List.of(stream, last - n, ids, types, data,
                                utc(receivedAt)))))
                // delivered at the commit, so a reader elsewhere finds the events stored
                .call(last -> n == 0 || !holder.announce() ? Uni.createFrom().voidItem()
                        : conn.preparedQuery("select pg_notify($1, $2)").execute(Tuple.of(EVENTS_CHANNEL,
                                stream + "\n" + last))));
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

    /**
     * Queues a frame for the upstream (committed before this completes). With an idempotency key already
     * used on the stream, stores nothing and answers the first frame ({@link Frame#created()} false).
     */
    Uni<Frame> enqueue(String stream, byte[] payload, boolean binary, String idempotencyKey, Instant now) {
        return pool.preparedQuery("insert into stream_outgoing (stream, payload, is_binary, created_at, idempotency_key) "
                + "values ($1, $2, $3, $4, $5) on conflict (stream, idempotency_key) where idempotency_key is not null "
                + "do nothing returning " + FRAME)
                .execute(Tuple.of(stream, Buffer.buffer(payload), binary, utc(now), idempotencyKey))
                .chain(rows -> rows.size() > 0 ? Uni.createFrom().item(frame(stream, rows.iterator().next(), true))
                        : pool.preparedQuery("select " + FRAME + " from stream_outgoing where stream = $1 "
                                + "and idempotency_key = $2").execute(Tuple.of(stream, idempotencyKey))
                                // gone between the two statements (retention): store it after all
                                .chain(found -> found.size() > 0
                                        ? Uni.createFrom().item(frame(stream, found.iterator().next(), false))
                                        : enqueue(stream, payload, binary, idempotencyKey, now)));
    }

    /** The record of a frame queued for the stream, while retention keeps it. */
    Uni<Optional<Frame>> frame(String stream, long seq) {
        return pool.preparedQuery("select " + FRAME + " from stream_outgoing where stream = $1 and seq = $2")
                .execute(Tuple.of(stream, seq))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(frame(stream, rows.iterator().next(), false)));
    }

    private static Frame frame(String stream, Row r, boolean created) {
        OffsetDateTime sent = r.getOffsetDateTime(2);
        return new Frame(r.getLong(0), stream, r.getOffsetDateTime(1).toInstant(), sent == null ? null : sent.toInstant(),
                created);
    }

    /** The oldest frames waiting for the stream, in order. */
    Uni<List<Outgoing>> outgoing(String stream, int limit) {
        return pool.preparedQuery("select seq, payload, is_binary from stream_outgoing where stream = $1 "
                + "and sent_at is null order by seq limit $2").execute(Tuple.of(stream, limit)).map(rows -> {
                    List<Outgoing> frames = new ArrayList<>(rows.size());
                    rows.forEach(r -> frames.add(new Outgoing(r.getLong(0), r.getBuffer(1).getBytes(),
                            r.getBoolean(2))));
                    return frames;
                });
    }

    /** Frames up to {@code seq} were written to the upstream: their payload goes, their record stays. */
    Uni<Integer> sent(String stream, long seq, Instant now) {
        return pool.preparedQuery("update stream_outgoing set sent_at = $3, payload = null "
                + "where stream = $1 and seq <= $2 and sent_at is null")
                .execute(Tuple.of(stream, seq, utc(now))).map(rows -> rows.rowCount());
    }

    /** Removes the records of frames sent before {@code before}; how many. */
    Uni<Integer> forgetSent(String stream, Instant before) {
        return pool.preparedQuery("delete from stream_outgoing where stream = $1 and sent_at < $2")
                .execute(Tuple.of(stream, utc(before))).map(rows -> rows.rowCount());
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
