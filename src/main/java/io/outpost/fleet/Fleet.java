package io.outpost.fleet;

import static io.outpost.store.Timestamps.utc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * This agent's membership of the fleet: every third of its lease it writes its heartbeat and takes or renews
 * the lease of the once-only jobs, in one statement, and learns how many other agents are alive and how old
 * the fleet's oldest claim is. The jobs lease is held by at most one agent: the holder counts it as its own
 * only until one lease after it last asked for it (before the store would let another agent take it), so a
 * paused holder that wakes up late does not run a job beside its successor. A clean stop gives both up.
 */
@ApplicationScoped
public class Fleet {

    private static final Logger LOG = Logger.getLogger(Fleet.class);
    private static final String BEAT = """
            with beat as (
                insert into outpost_agent (id, started_at, heartbeat_at, lease)
                values ($1, $2, statement_timestamp(), make_interval(secs => $3))
                on conflict (id) do update set started_at = excluded.started_at,
                    heartbeat_at = excluded.heartbeat_at, lease = excluded.lease
            ), jobs as (
                insert into outpost_lease (name, owner, until)
                values ('jobs', $1, statement_timestamp() + make_interval(secs => $3))
                on conflict (name) do update set owner = excluded.owner, until = excluded.until
                where outpost_lease.owner = excluded.owner or outpost_lease.until < statement_timestamp() or $4
                returning owner
            )
            select (select count(*) from jobs) as leads,
                   (select count(*) from outpost_agent where id <> $1
                        and heartbeat_at + lease > statement_timestamp()) as peers,
                   (select coalesce(extract(epoch from statement_timestamp() - min(updated_at)), 0)
                        from outbox_message where status = 'delivering') as oldest""";
    private static final String AGENTS = """
            select a.id, a.started_at, a.heartbeat_at,
                   (select count(*) from outbox_message m where m.status = 'delivering' and m.claimed_by = a.id)
            from outpost_agent a where a.heartbeat_at + a.lease > statement_timestamp() order by a.id""";

    private final Pool pool;
    private final Agent agent;
    private final Vertx vertx;
    private final AtomicLong oldestClaimMillis = new AtomicLong();
    private volatile long leadsUntilNanos;
    private volatile int peers;
    private long timer = -1;

    Fleet(Pool pool, Agent agent, Vertx vertx, MeterRegistry registry) {
        this.pool = pool;
        this.agent = agent;
        this.vertx = vertx;
        Gauge.builder("outpost_fleet_oldest_claim_seconds", oldestClaimMillis, m -> m.get() / 1000.0)
                .description("Age of the oldest claim in the shared outbox (the same on every agent: take the max)")
                .register(registry);
    }

    /** A live agent as {@code GET /v1/fleet} shows it. */
    public record Member(String id, Instant since, Instant heartbeatAt, long claims) {
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        beat();
        timer = vertx.setPeriodic(agent.renewEvery().toMillis(), id -> beat());
    }

    /** After the relay has handed its claims back (its stop observer runs first), before the store stops. */
    void stop(@Observes @Priority(Integer.MAX_VALUE - 1) ShutdownEvent event) {
        vertx.cancelTimer(timer);
        leadsUntilNanos = System.nanoTime();
        try {
            pool.preparedQuery("with a as (delete from outpost_agent where id = $1) "
                    + "delete from outpost_lease where owner = $1").execute(Tuple.of(agent.id()))
                    .await().atMost(Duration.ofSeconds(3));
        } catch (RuntimeException e) {
            LOG.warnf("Could not leave the fleet cleanly (the leases run out by themselves): %s", e.toString());
        }
    }

    /** Whether this agent holds the once-only jobs now. */
    public boolean leads() {
        return System.nanoTime() - leadsUntilNanos < 0;
    }

    /** How many other agents sent a heartbeat within their lease, as of the last heartbeat. */
    public int peers() {
        return peers;
    }

    /**
     * Whether this agent reports the figures of the shared outbox (its depth gauges): alone, always; in a
     * fleet, the holder of the jobs lease only, so that a sum over the agents counts each message once.
     */
    public boolean reportsShared() {
        return agent.alone() || leads();
    }

    /** The live agents, this one included, as of the last heartbeat: what the route limits are split by. */
    public int agents() {
        return peers + 1;
    }

    /** This agent's share of a route limit ({@link FleetShare}); the whole limit when it is alone. */
    public int share(int limit) {
        return FleetShare.of(limit, agents());
    }

    /** The live agents, with the claims each holds. */
    public Uni<List<Member>> members() {
        return pool.query(AGENTS).execute().map(rows -> {
            List<Member> members = new ArrayList<>();
            for (Row r : rows) {
                members.add(new Member(r.getString(0), r.getOffsetDateTime(1).toInstant(),
                        r.getOffsetDateTime(2).toInstant(), r.getLong(3)));
            }
            return members;
        });
    }

    private void beat() {
        long asked = System.nanoTime();
        pool.preparedQuery(BEAT).execute(Tuple.of(agent.id(), utc(agent.since()), agent.leaseSeconds(),
                agent.alone())).subscribe().with(rows -> {
                    Row r = rows.iterator().next();
                    boolean lead = r.getLong("leads") > 0;
                    if (lead != leads()) {
                        LOG.infof(lead ? "Agent %s runs the once-only jobs" : "Agent %s no longer runs the once-only "
                                + "jobs", agent.id());
                    }
                    // Counted from when it was asked for: the store's lease began no earlier than that.
                    leadsUntilNanos = lead ? asked + agent.lease().toNanos() * 9 / 10 : System.nanoTime();
                    peers = r.getLong("peers").intValue();
                    oldestClaimMillis.set((long) (r.getDouble("oldest") * 1000));
                }, failure -> LOG.debugf("Fleet heartbeat failed: %s", failure));
    }
}
