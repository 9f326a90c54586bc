package io.outpost.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.outpost.config.OutpostConfig;
import io.outpost.config.StreamConfig;
import io.outpost.connectivity.LinkMonitor;
import io.outpost.fleet.Agent;
import io.outpost.fleet.WorkChannel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The configured streams: once the store is migrated, runs those whose lease this agent holds
 * ({@link StreamHolding}: in a fleet each stream is run by one agent, alone an agent runs them all; none when
 * no stream is configured: no clients, no timers), and is what the local API asks about streams, their
 * events and their outgoing frames, whichever agent runs them: events are read from the store, frames queued
 * in it. The holder trims each stream it runs to its retention every ten minutes (sent frames' records to the
 * outbox's {@code retention}).
 */
@ApplicationScoped
public class Streams {

    private static final Logger LOG = Logger.getLogger(Streams.class);
    private static final long TRIM_EVERY_MS = 600_000;
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What {@code GET /v1/streams} shows of one stream. {@code lastReconnectStep} ({@code prompt}, {@code backoff},
     * {@code rejected}, {@code stop}) and {@code lastReconnectReason}: what ended the last connection or attempt
     * and what was decided (null before any); {@code reconnectWaitMs} and {@code nextAttemptAt}: the wait decided
     * and when it ends (null while connected or stopped); {@code holder}: the agent that runs the stream (this
     * one, or another of the fleet; null while none holds it).
     */
    public record View(String name, String transport, String state, long reconnects, Instant lastEventAt,
            Instant lastHeartbeatAt, String lastReconnectStep, String lastReconnectReason, Long reconnectWaitMs,
            Instant nextAttemptAt, String holder) {
    }

    /** A stream whose transport cannot carry frames upstream. */
    public static final class ReceiveOnly extends RuntimeException {
        ReceiveOnly(String message) {
            super(message, null, false, false);
        }
    }

    private final OutpostConfig config;
    private final StreamStore store;
    private final Vertx vertx;
    private final Clock clock;
    private final StreamRunners builder;
    private final StreamHolding holding;
    private final Agent agent;
    private final WorkChannel channel;
    private final Map<String, StreamHub> hubs = new LinkedHashMap<>();
    private long trimTimer = -1;

    Streams(OutpostConfig config, StreamStore store, Vertx vertx, Clock clock, StreamRunners builder,
            StreamHolding holding, Agent agent, WorkChannel channel) {
        this.config = config;
        this.holding = holding;
        this.agent = agent;
        this.channel = channel;
        this.store = store;
        this.vertx = vertx;
        this.clock = clock;
        this.builder = builder;
    }

    void start(@Observes StartupEvent event, LinkMonitor links, WorkChannel channel) {
        if (config.streams().isEmpty()) {
            return;
        }
        List<String> names = config.streams().keySet().stream().sorted().toList();
        for (String name : names) {
            StreamStore.Position at = store.open(name).await().atMost(OPEN_TIMEOUT);
            hubs.put(name, new StreamHub(at.lastSeq()));
            config.streams().get(name).route().ifPresent(route -> links.onRouteChange(change -> {
                StreamRunner runner = holding.runner(name);
                if (runner != null && route.equals(change.route()) && change.reachable()) {
                    runner.reconnectNow();
                }
            }));
        }
        holding.start(names, Map.copyOf(hubs), channel, OPEN_TIMEOUT);
        LOG.infof("Streams configured: %s (each run by the agent holding its lease)", String.join(", ", names));
        trimTimer = vertx.setPeriodic(TRIM_EVERY_MS, id -> trim());
    }

    public boolean exists(String name) {
        return hubs.containsKey(name);
    }

    public List<View> views() {
        return hubs.keySet().stream().map(this::describe).toList();
    }

    public Optional<View> view(String name) {
        return exists(name) ? Optional.of(describe(name)) : Optional.empty();
    }

    /**
     * The stream as this agent runs it, or, run by another agent, as that agent reported it at its last lease
     * renewal (its state; no reconnects or heartbeats, which that agent counts): never older than a third of a
     * lease. Held by no agent (its holder died, its lease not yet run out): {@code connecting}.
     */
    private View describe(String name) {
        StreamRunner r = holding.runner(name);
        String transport = config.streams().get(name).transport().wire();
        if (r == null) {
            StreamLeases.Standing s = holding.standing(name);
            String holder = s == null ? null : s.holder();
            String state = holder == null || s.state() == null ? "connecting" : s.state();
            return new View(name, transport, state, 0, s == null ? null : s.lastEventAt(), null, null, null, null, null,
                    holder);
        }
        ReconnectPolicy.Decision last = r.lastDecision;
        Instant next = r.nextAttemptAt;
        return new View(r.name, transport, r.state.name().toLowerCase(Locale.ROOT), r.reconnects, r.lastEventAt,
                r.lastHeartbeatAt, last == null ? null : last.step().name().toLowerCase(Locale.ROOT),
                last == null ? null : last.reason(), next == null || last == null ? null : last.delay().toMillis(), next,
                agent.id());
    }

    /** Wakes readers of the stream when events are stored. */
    public StreamHub hub(String name) {
        return hubs.get(name);
    }

    /** Stored events after {@code seq}, oldest first. */
    public Uni<List<StoredEvent>> after(String name, long seq, int limit) {
        return store.after(name, seq, limit);
    }

    /**
     * Queues a frame for the upstream; completes with its record once committed (the first frame's, storing
     * nothing, when the idempotency key was used before on the stream). Only WebSocket streams send: SSE and
     * long poll have no upstream direction (use the outbox for HTTP requests).
     */
    public Uni<StreamStore.Frame> send(String name, byte[] payload, boolean binary, String idempotencyKey) {
        StreamConfig stream = config.streams().get(name);
        if (stream.transport() != StreamConfig.Transport.WEBSOCKET) {
            throw new ReceiveOnly("Stream '" + name + "' uses transport=" + stream.transport().wire()
                    + ", which only receives; send HTTP requests with POST /v1/routes/{route}/messages instead.");
        }
        return store.enqueue(name, payload, binary, idempotencyKey, clock.instant()).invoke(frame -> {
            StreamRunner runner = holding.runner(name);
            if (frame.created() && runner != null) {
                runner.wakeSender();
            } else if (frame.created()) {
                channel.notify(StreamStore.FRAMES_CHANNEL, name); // wakes the holder's sender
            }
        });
    }

    /** A frame queued for the stream, until retention forgets it once sent. */
    public Uni<Optional<StreamStore.Frame>> frame(String name, long id) {
        return store.frame(name, id);
    }

    private void trim() {
        Instant sentBefore = clock.instant().minus(config.outbox().retention());
        // the holder trims: one agent's statements, not every agent's
        holding.held().forEach(name -> store.trim(name, config.streams().get(name).retention())
                .chain(events -> store.forgetSent(name, sentBefore).invoke(frames -> {
                    if (events > 0 || frames > 0) {
                        LOG.infof("Stream %s: retention removed %d event(s) and %d sent frame record(s)", name,
                                events, frames);
                    }
                })).subscribe().with(n -> { },
                        failure -> LOG.warnf("Stream %s: retention trim failed, will retry: %s", name, failure.toString())));
    }

    /** Before the fleet hands back this agent's leases (its stop observer runs last but one). */
    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(trimTimer);
        holding.stop();
    }

    @PreDestroy
    void close() {
        builder.close();
    }
}
