package io.outpost.stream;

import java.time.Clock;

import io.outpost.config.StreamConfig;
import io.vertx.core.Context;

/**
 * Watches a connection's heartbeats: pings it every {@code heartbeat-interval} and calls it dead when nothing
 * came for {@code heartbeat-timeout}, checked a few times per timeout (at least every interval) so that a
 * dead connection is noticed soon after the timeout, not up to an interval later. On the stream's context.
 */
final class HeartbeatWatch {

    private final StreamConfig config;
    private final Context context;
    private final Clock clock;
    private Liveness liveness;
    private long pingTimer = -1;
    private long checkTimer = -1;

    HeartbeatWatch(StreamConfig config, Context context, Clock clock) {
        this.config = config;
        this.context = context;
        this.clock = clock;
    }

    void start(Connection connection, Runnable dead) {
        stop();
        Liveness watched = new Liveness(config.heartbeatTimeout(), clock);
        liveness = watched;
        long checkMillis = Math.max(25, Math.min(config.heartbeatInterval().toMillis(),
                config.heartbeatTimeout().toMillis() / 4));
        pingTimer = context.owner().setPeriodic(config.heartbeatInterval().toMillis(), id -> connection.ping());
        checkTimer = context.owner().setPeriodic(checkMillis, id -> {
            if (liveness == watched && watched.dead()) {
                dead.run();
            }
        });
    }

    /** Something arrived: a heartbeat, an event or a pong. */
    void seen() {
        if (liveness != null) {
            liveness.seen();
        }
    }

    void stop() {
        context.owner().cancelTimer(pingTimer);
        context.owner().cancelTimer(checkTimer);
        pingTimer = -1;
        checkTimer = -1;
        liveness = null;
    }
}
