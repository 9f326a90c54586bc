package io.outpost.stream;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.outpost.fleet.Agent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The streams' leases: one statement, every third of a lease, takes the lease of every configured stream that
 * is free (or already this agent's), renews those held, writes the held streams' states for the other agents
 * to show, and reads how every stream stands (its holder, the holder's state, its newest event). A lease row
 * per stream rather than the jobs lease: streams spread over the agents that start first instead of all
 * following the jobs, and a stream moves on by itself when its holder dies. On its embedded store the agent is
 * alone and takes every lease whatever an earlier run's id was.
 */
@ApplicationScoped
class StreamLeases {

    static final String PREFIX = "stream:";
    private static final String TICK = """
            with held as (
                insert into outpost_lease (name, owner, until)
                select 'stream:' || s, $1, statement_timestamp() + make_interval(secs => $2) from unnest($3::text[]) s
                on conflict (name) do update set owner = excluded.owner, until = excluded.until
                where outpost_lease.owner = excluded.owner or outpost_lease.until < statement_timestamp() or $4
                returning name
            ), states as (
                update stream_position p set state = t.state
                from unnest($5::text[], $6::text[]) as t(stream, state)
                where p.stream = t.stream and exists (select 1 from held h where h.name = 'stream:' || t.stream)
            )
            select p.stream, p.last_seq, h.name is not null as mine,
                   case when h.name is not null then $1 when l.until > statement_timestamp() then l.owner end,
                   p.state,
                   (select e.received_at from stream_event e where e.stream = p.stream and e.seq = p.last_seq)
            from stream_position p
            left join held h on h.name = 'stream:' || p.stream
            left join outpost_lease l on l.name = 'stream:' || p.stream
            where p.stream = any($3)""";

    /**
     * How a stream stands as of a tick: {@code mine} when this agent holds its lease; {@code holder} the agent
     * holding a live lease (null: none); {@code state} the holder's state as of its last renewal.
     */
    record Standing(String stream, long lastSeq, boolean mine, String holder, String state, Instant lastEventAt) {
    }

    private final Pool pool;
    private final Agent agent;

    StreamLeases(Pool pool, Agent agent) {
        this.pool = pool;
        this.agent = agent;
    }

    /** Takes or renews the leases of {@code streams}; {@code states}: the state of each stream held here. */
    Uni<List<Standing>> tick(List<String> streams, Map<String, String> states) {
        String[] names = states.keySet().toArray(String[]::new);
        String[] values = states.values().toArray(String[]::new);
        return pool.preparedQuery(TICK).execute(Tuple.tuple(List.of(agent.id(), agent.leaseSeconds(),
                streams.toArray(String[]::new), agent.alone(), names, values))).map(rows -> {
                    List<Standing> standings = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        OffsetDateTime last = r.getOffsetDateTime(5);
                        standings.add(new Standing(r.getString(0), r.getLong(1), r.getBoolean(2), r.getString(3),
                                r.getString(4), last == null ? null : last.toInstant()));
                    }
                    return standings;
                });
    }
}
