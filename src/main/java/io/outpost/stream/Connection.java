package io.outpost.stream;

import java.time.Duration;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;

/** A live upstream connection, whatever its transport. Its callbacks go to a {@link Listener}. */
interface Connection {

    /** Sends a heartbeat if the transport has one of its own (a WebSocket ping). */
    default void ping() {
    }

    /** Whether frames can be sent upstream over this connection. */
    default boolean sends() {
        return false;
    }

    /** Writes one frame; completes once it is handed to the network. */
    default Future<Void> send(byte[] payload, boolean binary) {
        return Future.failedFuture(new UnsupportedOperationException("this transport only receives"));
    }

    /** Whether the runner's heartbeat timeout applies (a long poll guards itself with request timeouts). */
    default boolean watched() {
        return true;
    }

    /** Closes at once, without waiting for the peer: it may be gone without a word (half-open TCP). */
    void close();

    /** Where to connect: the URL and headers after credentials were applied. */
    record Target(String uri, MultiMap headers) {
    }

    /** Opens connections of one transport. */
    interface Opener {
        Future<Connection> open(Target target, Listener listener);
    }

    /** What a connection reports. Called on the stream's context. */
    interface Listener {
        /** Events in arrival order and where they lead; completes once they are stored. */
        Future<Void> events(List<Incoming> events, String lastEventId, String cursor);

        /** Anything arrived: a frame, a pong, a comment, an answer. */
        void alive();

        /** The server asked for this reconnection delay (SSE {@code retry:}). */
        default void retry(Duration delay) {
        }

        /** The connection ended (closed, reset, failed), and how; called at most once. */
        void closed(Ending ending);

        /** Events received and not yet stored: a transport pauses its source when this grows. */
        int backlog();
    }
}
