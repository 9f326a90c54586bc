package io.outpost.stream;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.outpost.config.StreamConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Long polling of {@code fallback-url} while the main transport is down. Started by the runner after
 * {@code fallback-after} failures in a row, stopped as soon as the main transport connects again. A failed
 * poll is retried with the stream's backoff. Runs on the stream's context.
 */
final class Fallback {

    private static final Logger LOG = Logger.getLogger(Fallback.class);

    private final StreamRunner runner;
    private final StreamConfig config;
    private final Context context;
    private final Clock clock;
    private final Optional<Connection.Opener> opener;
    private final Function<String, Future<Connection.Target>> targets;
    private final ReconnectPolicy policy;
    private final Inbox inbox;
    private boolean active;
    private int generation;
    private Connection live;
    private long retryTimer = -1;

    /** {@code opener}: the long-poll opener of {@code fallback-url}, empty if the stream has no fallback. */
    Fallback(StreamRunner runner, StreamConfig config, Context context, Clock clock, Optional<Connection.Opener> opener,
            Function<String, Future<Connection.Target>> targets, ReconnectPolicy policy, Inbox inbox) {
        this.runner = runner;
        this.config = config;
        this.context = context;
        this.clock = clock;
        this.opener = opener;
        this.targets = targets;
        this.policy = policy;
        this.inbox = inbox;
    }

    /** Starts polling unless it already is (or there is nothing to poll). */
    void start() {
        if (active || opener.isEmpty() || config.fallbackUrl().isEmpty()) {
            return;
        }
        active = true;
        LOG.infof("Stream %s: main transport keeps failing, long polling %s meanwhile", runner.name,
                config.fallbackUrl().get());
        open();
    }

    boolean polling() {
        return live != null;
    }

    void stop() {
        if (!active) {
            return;
        }
        active = false;
        generation++;
        context.owner().cancelTimer(retryTimer);
        retryTimer = -1;
        if (live != null) {
            live.close();
            live = null;
            LOG.infof("Stream %s: main transport is back, long polling stopped", runner.name);
        }
    }

    private void open() {
        retryTimer = -1;
        int gen = ++generation;
        targets.apply(config.fallbackUrl().get()).compose(t -> opener.get().open(t, listener(gen)))
                .onComplete(ar -> context.runOnContext(v -> {
                    if (gen != generation || !active) {
                        if (ar.succeeded()) {
                            ar.result().close();
                        }
                    } else if (ar.succeeded()) {
                        live = ar.result();
                        policy.connected();
                        runner.fallbackChanged(true);
                    } else {
                        failed(Ending.of(ar.cause()), gen);
                    }
                }));
    }

    private void failed(Ending ending, int gen) {
        if (gen != generation || !active) {
            return;
        }
        generation++;
        live = null;
        runner.fallbackChanged(false);
        // a 204 here is no reason to stop: the main transport's server decides whether the stream goes on
        Ending end = ending.kind() == Ending.Kind.GONE ? Ending.refused(ending.reason()) : ending;
        Duration wait = policy.ended(end, Optional.empty()).delay();
        LOG.infof("Stream %s: fallback poll failed: %s; polling again in %d ms", runner.name, end.reason(),
                wait.toMillis());
        retryTimer = context.owner().setTimer(Math.max(1, wait.toMillis()), id -> open());
    }

    private Connection.Listener listener(int gen) {
        return new Connection.Listener() {
            @Override
            public Future<Void> events(List<Incoming> events, String lastEventId, String cursor) {
                if (gen != generation) {
                    return Future.succeededFuture();
                }
                if (!events.isEmpty()) {
                    policy.progressed();
                }
                return runner.stored(events, lastEventId, cursor);
            }

            @Override
            public void alive() {
                runner.lastHeartbeatAt = clock.instant(); // a poll guards itself with its request timeout
            }

            @Override
            public void closed(Ending ending) {
                failed(ending, gen);
            }

            @Override
            public int backlog() {
                return inbox.backlog();
            }
        };
    }
}
