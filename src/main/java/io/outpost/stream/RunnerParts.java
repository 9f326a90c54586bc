package io.outpost.stream;

import java.time.Clock;
import java.util.function.Function;

import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * What a {@link StreamRunner} works with, built by {@link StreamParts}: its context and clock, the openers
 * of the main transport and of the fallback (null if none), where to connect (credentials applied), the
 * reconnection policies, the inbox and sender, its meters and the route's link monitor.
 */
record RunnerParts(Context context, Clock clock, Connection.Opener main, Connection.Opener fallback,
        Function<String, Future<Connection.Target>> targets, ReconnectPolicy policy, ReconnectPolicy fallbackPolicy,
        Inbox inbox, Sender sender, StreamMetrics metrics, Links links) {

    /** Reports to the connectivity monitor of the stream's route, if it has one. */
    interface Links {
        void connected();

        void failed(String reason);
    }
}
