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

import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.config.OutpostConfig;
import io.outpost.config.StreamConfig;
import io.outpost.connectivity.LinkMonitor;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The configured streams: starts one {@link StreamRunner} per stream once the store is migrated (none when
 * no stream is configured: no clients, no timers), and is what the local API asks about streams, their
 * events and their outgoing frames. Trims each stream to its retention every ten minutes (sent frames'
 * records to the outbox's {@code retention}).
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
     * and when it ends (null while connected or stopped).
     */
    public record View(String name, String transport, String state, long reconnects, Instant lastEventAt,
            Instant lastHeartbeatAt, String lastReconnectStep, String lastReconnectReason, Long reconnectWaitMs,
            Instant nextAttemptAt) {
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
    private final Map<String, StreamRunner> runners = new LinkedHashMap<>();
    private final Map<String, StreamHub> hubs = new LinkedHashMap<>();
    private long trimTimer = -1;

    Streams(OutpostConfig config, StreamStore store, Vertx vertx, Clock clock, StreamRunners builder) {
        this.config = config;
        this.store = store;
        this.vertx = vertx;
        this.clock = clock;
        this.builder = builder;
    }

    void start(@Observes StartupEvent event, LinkMonitor links, MeterRegistry registry) {
        if (config.streams().isEmpty()) {
            return;
        }
        config.streams().keySet().stream().sorted().forEach(name -> {
            StreamConfig stream = config.streams().get(name);
            StreamStore.Position at = store.open(name).await().atMost(OPEN_TIMEOUT);
            StreamHub hub = new StreamHub(at.lastSeq());
            StreamRunner runner = builder.runner(name, stream, at, hub, registry);
            hubs.put(name, hub);
            runners.put(name, runner);
            stream.route().ifPresent(route -> links.onRouteChange(change -> {
                if (route.equals(change.route()) && change.reachable()) {
                    runner.reconnectNow();
                }
            }));
            runner.start();
        });
        LOG.infof("Streams started: %s", String.join(", ", runners.keySet()));
        trimTimer = vertx.setPeriodic(TRIM_EVERY_MS, id -> trim());
    }

    public boolean exists(String name) {
        return runners.containsKey(name);
    }

    public List<View> views() {
        return runners.values().stream().map(this::view).toList();
    }

    public Optional<View> view(String name) {
        return Optional.ofNullable(runners.get(name)).map(this::view);
    }

    private View view(StreamRunner r) {
        ReconnectPolicy.Decision last = r.lastDecision;
        Instant next = r.nextAttemptAt;
        return new View(r.name, config.streams().get(r.name).transport().wire(),
                r.state.name().toLowerCase(Locale.ROOT), r.reconnects, r.lastEventAt, r.lastHeartbeatAt,
                last == null ? null : last.step().name().toLowerCase(Locale.ROOT), last == null ? null : last.reason(),
                next == null || last == null ? null : last.delay().toMillis(), next);
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
        StreamRunner runner = runners.get(name);
        return store.enqueue(name, payload, binary, idempotencyKey, clock.instant()).invoke(frame -> {
            if (frame.created()) {
                runner.wakeSender();
            }
        });
    }

    /** A frame queued for the stream, until retention forgets it once sent. */
    public Uni<Optional<StreamStore.Frame>> frame(String name, long id) {
        return store.frame(name, id);
    }

    private void trim() {
        Instant sentBefore = clock.instant().minus(config.outbox().retention());
        config.streams().forEach((name, stream) -> store.trim(name, stream.retention())
                .chain(events -> store.forgetSent(name, sentBefore).invoke(frames -> {
                    if (events > 0 || frames > 0) {
                        LOG.infof("Stream %s: retention removed %d event(s) and %d sent frame record(s)", name,
                                events, frames);
                    }
                })).subscribe().with(n -> { },
                        failure -> LOG.warnf("Stream %s: retention trim failed, will retry: %s", name, failure.toString())));
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(trimTimer);
        runners.values().forEach(StreamRunner::stop);
        builder.close();
    }
}
