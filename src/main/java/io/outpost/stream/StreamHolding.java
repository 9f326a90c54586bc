package io.outpost.stream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.config.OutpostConfig;
import io.outpost.fleet.Agent;
import io.outpost.fleet.Fleet;
import io.outpost.fleet.WorkChannel;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

/**
 * Which streams this agent runs: those whose lease it holds ({@link StreamLeases}). Every third of a lease it
 * renews them and takes those that are free; it starts a runner for a stream it took (from the position
 * stored, so it resumes after the last event any agent stored) and stops the runner of one it lost. Whatever
 * it holds, it keeps every local reader of every stream up to date: the holder announces stored events
 * (NOTIFY), and each renewal reads the newest sequence numbers too, in case a notification was lost.
 */
@ApplicationScoped
class StreamHolding {

    private static final Logger LOG = Logger.getLogger(StreamHolding.class);

    private final OutpostConfig config;
    private final StreamStore store;
    private final StreamLeases leases;
    private final StreamRunners builder;
    private final Agent agent;
    private final Fleet fleet;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Map<String, StreamRunner> runners = new ConcurrentHashMap<>();
    private final Set<String> taking = ConcurrentHashMap.newKeySet();
    private volatile Map<String, StreamLeases.Standing> standings = Map.of();
    /** Until when the leases last renewed are this agent's (90% of a lease after asking, as for the jobs). */
    private volatile long heldUntilNanos;
    private volatile boolean stopped;
    private List<String> names = List.of();
    private Map<String, StreamHub> hubs = Map.of();
    private long timer = -1;

    StreamHolding(OutpostConfig config, StreamStore store, StreamLeases leases, StreamRunners builder, Agent agent,
            Fleet fleet, Vertx vertx, MeterRegistry registry) {
        this.config = config;
        this.store = store;
        this.leases = leases;
        this.builder = builder;
        this.agent = agent;
        this.fleet = fleet;
        this.vertx = vertx;
        this.registry = registry;
    }

    /** Takes what it can at once (a single agent runs its streams from start-up), then renews periodically. */
    void start(List<String> streams, Map<String, StreamHub> readers, WorkChannel channel, Duration within) {
        names = streams;
        hubs = readers;
        channel.listen(StreamStore.EVENTS_CHANNEL, payload -> {
            int cut = payload.lastIndexOf('\n');
            StreamHub hub = cut < 0 ? null : hubs.get(payload.substring(0, cut));
            if (hub != null) {
                hub.stored(Long.parseLong(payload.substring(cut + 1)));
            }
        });
        channel.listen(StreamStore.FRAMES_CHANNEL, name -> {
            StreamRunner runner = runners.get(name);
            if (runner != null) {
                runner.wakeSender();
            }
        });
        long asked = System.nanoTime();
        apply(leases.tick(names, Map.of()).await().atMost(within), asked);
        timer = vertx.setPeriodic(agent.renewEvery().toMillis(), id -> tick());
    }

    /** The runner of a stream this agent holds, else null. */
    StreamRunner runner(String name) {
        return runners.get(name);
    }

    /** How the stream stood at the last renewal (its holder, the holder's state), null before the first. */
    StreamLeases.Standing standing(String name) {
        return standings.get(name);
    }

    Set<String> held() {
        return runners.keySet();
    }

    private void tick() {
        Map<String, String> states = new LinkedHashMap<>();
        runners.forEach((name, r) -> states.put(name, r.state.name().toLowerCase(Locale.ROOT)));
        long asked = System.nanoTime();
        leases.tick(names, states).subscribe().with(list -> apply(list, asked), failure -> {
            LOG.debugf("Stream leases not renewed: %s", failure);
            if (!agent.alone() && System.nanoTime() - heldUntilNanos > 0) {
                List.copyOf(runners.keySet()).forEach(name -> release(name, "its lease could not be renewed"));
            }
        });
    }

    private void apply(List<StreamLeases.Standing> list, long asked) {
        Map<String, StreamLeases.Standing> by = new LinkedHashMap<>();
        list.forEach(s -> by.put(s.stream(), s));
        standings = by;
        heldUntilNanos = asked + agent.lease().toNanos() * 9 / 10;
        for (StreamLeases.Standing s : list) {
            hubs.get(s.stream()).stored(s.lastSeq());
            StreamRunner running = runners.get(s.stream());
            if (s.mine() && running == null && !stopped && taking.add(s.stream())) {
                take(s.stream());
            } else if (!s.mine() && running != null) {
                release(s.stream(), "agent " + s.holder() + " holds it now");
            } else if (running != null) {
                running.wakeSender(); // a frame queued elsewhere whose notification was lost
            }
        }
    }

    private void take(String name) {
        // built off the event loops, so that the runner gets an event loop context of its own (as at start-up
        // before), not the store connection's
        store.open(name).emitOn(Infrastructure.getDefaultWorkerPool()).subscribe().with(at -> {
            try {
                StreamLeases.Standing s = standings.get(name);
                if (!stopped && s != null && s.mine() && !runners.containsKey(name)) {
                    StreamRunner[] self = new StreamRunner[1];
                    StreamRunner runner = builder.runner(name, config.streams().get(name), at, hubs.get(name),
                            registry, this::holder, () -> fenced(name, self[0]));
                    self[0] = runner;
                    runners.put(name, runner);
                    runner.start();
                    LOG.infof("Stream %s: run by this agent (%s) from event %d", name, agent.id(), at.lastSeq());
                }
            } finally {
                taking.remove(name);
            }
        }, failure -> {
            taking.remove(name);
            LOG.warnf("Stream %s: could not read its position, retrying at the next renewal: %s", name, failure);
        });
    }

    private StreamStore.Holder holder() {
        return new StreamStore.Holder(agent.id(), agent.alone(), fleet.peers() > 0);
    }

    private void release(String name, String why) {
        StreamRunner runner = runners.remove(name);
        if (runner != null) {
            LOG.infof("Stream %s: no longer run by this agent: %s", name, why);
            runner.stop();
        }
    }

    /** The store refused an append of {@code runner}'s: another agent took the stream over meanwhile. */
    private void fenced(String name, StreamRunner runner) {
        if (runners.remove(name, runner)) {
            LOG.infof("Stream %s: no longer run by this agent: another agent holds it now", name);
            runner.stop();
        }
    }

    /** Before the fleet gives up this agent's leases: stops every runner, so no successor overlaps with it. */
    void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
        runners.values().forEach(StreamRunner::stop);
        runners.clear();
    }
}
