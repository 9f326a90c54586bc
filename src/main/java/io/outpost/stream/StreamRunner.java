package io.outpost.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.outpost.config.StreamConfig;
import io.outpost.upstream.Classifier;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Keeps one stream connected: opens the main transport, watches it with heartbeats, replaces it when it
 * breaks or goes silent, and polls the fallback while the main transport keeps failing. Everything runs on
 * the stream's own Vert.x context, so the state needs no locks; the API reads it through volatile fields.
 * Callbacks carry the generation of the connection they belong to: a replaced connection is ignored.
 */
final class StreamRunner {

    private static final Logger LOG = Logger.getLogger(StreamRunner.class);

    enum State { CONNECTING, CONNECTED, RECONNECTING, FALLBACK, STOPPED }

    final String name;
    private final StreamConfig config;
    private final Context context;
    private final Clock clock;
    private final Connection.Opener main;
    private final Function<String, Future<Connection.Target>> targets;
    private final ReconnectPolicy policy;
    private final Inbox inbox;
    private final Sender sender;
    private final StreamMetrics metrics;
    private final LinkReport links;
    final ResumePoints position;
    volatile State state = State.CONNECTING;
    volatile Instant lastEventAt;
    volatile Instant lastHeartbeatAt;
    volatile long reconnects;
    /** Why the last connection or attempt ended and what was decided, null before the first end. */
    volatile ReconnectPolicy.Decision lastDecision;
    /** When the next attempt is due, null while connected or stopped. */
    volatile Instant nextAttemptAt;
    private int generation;
    private Connection live;
    private final HeartbeatWatch heartbeat;
    private long retryTimer = -1;
    /** The route came back while an attempt was under way: if that attempt fails, the next goes at once. */
    private boolean routeBack;
    /** The server answered 204: no reconnection until the route is seen back or the agent restarts. */
    private boolean serverStopped;
    private Duration retryFloor;
    private final Fallback fallback;

    /**
     * {@code main}: the opener of the stream's transport; {@code fallback}: the long-poll opener of
     * {@code fallback-url} (empty if none), polled under {@code fallbackPolicy}; {@code targets}: where to
     * connect for a URL, with headers and credentials applied.
     */
    StreamRunner(String name, StreamConfig config, ResumePoints position, Context context, Clock clock,
            Connection.Opener main, Optional<Connection.Opener> fallback,
            Function<String, Future<Connection.Target>> targets, ReconnectPolicy policy,
            ReconnectPolicy fallbackPolicy, Inbox inbox, Sender sender, StreamMetrics metrics, LinkReport links) {
        this.name = name;
        this.config = config;
        this.position = position;
        this.context = context;
        this.clock = clock;
        this.main = main;
        this.targets = targets;
        this.policy = policy;
        this.inbox = inbox;
        this.sender = sender;
        this.metrics = metrics;
        this.links = links;
        this.fallback = new Fallback(this, config, context, clock, fallback, targets, fallbackPolicy, inbox);
        this.heartbeat = new HeartbeatWatch(config, context, clock);
    }

    void start() {
        context.runOnContext(v -> connect());
    }

    /** The route is reachable again: skip the rest of the backoff, or resume a stream the server stopped. */
    void reconnectNow() {
        context.runOnContext(v -> {
            if (retryTimer >= 0 && context.owner().cancelTimer(retryTimer)) {
                retryTimer = -1;
                LOG.infof("Stream %s: route is back, reconnecting now", name);
                connect();
            } else if (serverStopped && state == State.STOPPED) {
                serverStopped = false;
                state = State.CONNECTING;
                LOG.infof("Stream %s: route is back, connecting again although the server had stopped the stream",
                        name);
                connect();
            } else if (live == null && state != State.STOPPED) {
                routeBack = true; // the attempt under way may have started while the route was down
            }
        });
    }

    /** A frame was queued for the upstream. */
    void wakeSender() {
        context.runOnContext(v -> sender.wake());
    }

    boolean connected() {
        return state == State.CONNECTED || state == State.FALLBACK;
    }

    private void connect() {
        retryTimer = -1;
        if (state == State.STOPPED) {
            return;
        }
        int gen = ++generation;
        targets.apply(config.url()).compose(t -> main.open(t, listener(gen))).onComplete(ar ->
                context.runOnContext(v -> {
                    if (ar.failed()) {
                        if (gen == generation) {
                            Ending ending = Ending.of(ar.cause());
                            if (ending.status() > 0) {
                                links.answered(ending.status());
                            } else {
                                links.failed(Classifier.describe(ar.cause()));
                            }
                            lost(ending, gen);
                        }
                    } else if (gen != generation || state == State.STOPPED) {
                        ar.result().close();
                    } else {
                        up(ar.result());
                    }
                }));
    }

    private void up(Connection connection) {
        live = connection;
        routeBack = false;
        policy.connected();
        links.connected();
        fallback.stop();
        state = State.CONNECTED;
        nextAttemptAt = null;
        metrics.waiting(Duration.ZERO);
        lastHeartbeatAt = clock.instant();
        LOG.infof("Stream %s: connected (%s)", name, config.transport().wire());
        if (connection.watched()) {
            int gen = generation;
            heartbeat.start(connection, () -> dead(gen));
        }
        sender.attach(connection);
    }

    private void dead(int gen) {
        if (gen == generation) {
            metrics.heartbeatMisses.increment();
            links.failed("no heartbeat for " + config.heartbeatTimeout().toMillis() + " ms");
            live.close();
            lost(Ending.broken("nothing received for " + config.heartbeatTimeout().toMillis()
                    + " ms (heartbeat timeout)"), gen);
        }
    }

    /** The main connection (or an attempt) ended: the policy decides the next step, maybe polling meanwhile. */
    private void lost(Ending ending, int gen) {
        if (gen != generation || state == State.STOPPED) {
            return;
        }
        generation++;
        heartbeat.stop();
        sender.detach();
        live = null;
        ReconnectPolicy.Decision next = policy.ended(ending, Optional.ofNullable(retryFloor));
        lastDecision = next;
        metrics.decided(next.step());
        if (next.step() == ReconnectPolicy.Step.STOP) {
            serverStopped = true;
            state = State.STOPPED;
            nextAttemptAt = null;
            metrics.waiting(Duration.ZERO);
            fallback.stop();
            LOG.warnf("Stream %s: %s; not reconnecting until the route is seen back or the agent restarts", name,
                    next.reason());
            return;
        }
        Duration wait = next.delay();
        if (routeBack) {
            routeBack = false;
            wait = Duration.ZERO;
        }
        if (policy.fallBack()) {
            fallback.start();
        }
        state = fallback.polling() ? State.FALLBACK : State.RECONNECTING;
        reconnects++;
        metrics.reconnects.increment();
        nextAttemptAt = clock.instant().plus(wait);
        metrics.waiting(wait);
        if (next.step() == ReconnectPolicy.Step.REJECTED) {
            links.refused(next.reason(), nextAttemptAt);
            LOG.warnf("Stream %s: %s; the server refuses this client, trying again in %d s", name, next.reason(),
                    wait.toSeconds());
        } else {
            LOG.infof("Stream %s: %s; reconnecting in %d ms (%s)", name, next.reason(), wait.toMillis(),
                    next.step().name().toLowerCase(Locale.ROOT));
        }
        retryTimer = context.owner().setTimer(Math.max(1, wait.toMillis()),
                id -> inbox.flushed().onComplete(v -> connect()));
    }

    /** Called by the fallback when its polling starts or stops. */
    void fallbackChanged(boolean polling) {
        if (live == null && state != State.STOPPED) {
            state = polling ? State.FALLBACK : State.RECONNECTING;
        }
    }

    Connection.Listener listener(int gen) {
        return new Connection.Listener() {
            @Override
            public Future<Void> events(List<Incoming> events, String lastEventId, String cursor) {
                if (gen != generation) {
                    return Future.succeededFuture();
                }
                if (!events.isEmpty()) {
                    policy.progressed();
                }
                return stored(events, lastEventId, cursor);
            }

            @Override
            public void alive() {
                if (gen == generation) {
                    lastHeartbeatAt = clock.instant();
                    heartbeat.seen();
                }
            }

            @Override
            public void retry(Duration delay) {
                retryFloor = delay;
            }

            @Override
            public void closed(Ending ending) {
                lost(ending, gen);
            }

            @Override
            public int backlog() {
                return inbox.backlog();
            }
        };
    }

    /** Stores received events, then moves the resume points in memory too. */
    Future<Void> stored(List<Incoming> events, String lastEventId, String cursor) {
        if (!events.isEmpty()) {
            lastEventAt = clock.instant();
            metrics.received.increment(events.size());
        }
        return inbox.add(events, lastEventId, cursor).onSuccess(v -> {
            if (lastEventId != null) {
                position.lastEventId = lastEventId;
            }
            if (cursor != null) {
                position.pollCursor = cursor;
            }
        });
    }

    void stop() {
        context.runOnContext(v -> {
            state = State.STOPPED;
            generation++;
            heartbeat.stop();
            if (retryTimer >= 0) {
                context.owner().cancelTimer(retryTimer);
            }
            if (live != null) {
                live.close();
            }
            fallback.stop();
        });
    }
}
