package io.outpost.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.outpost.upstream.Classifier;
import io.outpost.upstream.RetryAfter;

/**
 * How a connection, or an attempt at one, ended, as {@link ReconnectPolicy} sees it. Pure: the
 * classification of statuses and WebSocket close codes (RFC 6455 7.4) lives here, next to nothing else.
 *
 * @param kind what kind of end it was
 * @param reason what happened, in words, for the log, {@code GET /v1/streams} and the network events
 * @param hint a wait the server asked for: {@code Retry-After} of a refused attempt (a floor)
 * @param status the HTTP status the server answered an attempt with, 0 if it did not answer one
 */
record Ending(Kind kind, String reason, Optional<Duration> hint, int status) {

    /** Kinds of end, each with its own next step. */
    enum Kind {
        /** The attempt failed: refused, timed out, an error status, a handshake that was not upgraded. */
        REFUSED,
        /** The server ended the stream on purpose and expects the client back (SSE end, close 1000/1001/1012/1013). */
        CLEAN,
        /** The connection broke: reset, heartbeat timeout, an error close code. */
        BROKEN,
        /** The server refused this client (401, 403, close 1003/1008/4xxx): retrying soon would be refused again. */
        REJECTED,
        /** The server said there is nothing to stream (SSE 204): no reconnection until told otherwise. */
        GONE
    }

    /** An attempt or a connection that failed with {@code failure}: a {@link Failure} says how it ended. */
    static Ending of(Throwable failure) {
        return failure instanceof Failure f ? f.ending : refused(Classifier.describe(failure));
    }

    static Ending refused(String reason) {
        return new Ending(Kind.REFUSED, reason, Optional.empty(), 0);
    }

    static Ending broken(String reason) {
        return new Ending(Kind.BROKEN, reason, Optional.empty(), 0);
    }

    static Ending clean(String reason) {
        return new Ending(Kind.CLEAN, reason, Optional.empty(), 0);
    }

    /** This ending as the failure of an attempt's future. */
    Failure failure() {
        return new Failure(this);
    }

    /** An attempt's failure that says how it ended. */
    static final class Failure extends RuntimeException {
        private final transient Ending ending;

        private Failure(Ending ending) {
            super(ending.reason(), null, false, false);
            this.ending = ending;
        }
    }

    /** An HTTP answer other than the stream (an SSE GET, a poll or a WebSocket handshake). */
    static Ending status(int status, String retryAfter, Instant now, String what) {
        String reason = what + " answered " + status;
        if (status == 204) {
            return new Ending(Kind.GONE, reason + " (no content: the server asks the client not to reconnect)",
                    Optional.empty(), status);
        }
        if (status == 401 || status == 403) {
            return new Ending(Kind.REJECTED, reason + (status == 401 ? " (unauthorized)" : " (forbidden)"),
                    Optional.empty(), status);
        }
        return new Ending(Kind.REFUSED, reason, RetryAfter.parse(retryAfter, now), status);
    }

    /** A WebSocket closed by the server with {@code code} (-1 or 1005: none given; 1006: no close frame). */
    static Ending close(int code, String text) {
        String reason = "closed by the server with " + (code < 0 ? "no code" : Integer.toString(code))
                + (text == null || text.isEmpty() ? "" : " \"" + text + "\"");
        return switch (code) {
            case 1000, 1001, 1012, 1013 -> clean(reason);
            case 1003, 1008 -> rejected(reason + " (policy: the server refuses this client)");
            case 1009 -> broken(reason + " (a message was too big for the other side)");
            default -> code >= 4000 && code <= 4999
                    ? rejected(reason + " (application-defined refusal)")
                    : broken(reason);
        };
    }

    private static Ending rejected(String reason) {
        return new Ending(Kind.REJECTED, reason, Optional.empty(), 0);
    }
}
