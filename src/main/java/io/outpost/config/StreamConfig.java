package io.outpost.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** One upstream push channel ({@code outpost.streams.<name>.*}). */
public interface StreamConfig {

    /**
     * Where the stream comes from: a {@code ws://} or {@code wss://} URL for {@code transport=websocket}, an
     * {@code http://} or {@code https://} URL for {@code sse} and {@code long-poll} (for long-poll it is the
     * polling endpoint itself, the same as {@code fallback-url}). Required.
     */
    String url();

    /**
     * How events arrive: {@code websocket}, {@code sse} (server-sent events) or {@code long-poll}. Unset: from
     * the URL, {@code websocket} for {@code ws://} and {@code wss://}, {@code sse} for {@code http(s)://}.
     */
    @WithName("transport")
    Optional<Transport> configuredTransport();

    /** The transport in effect: as configured, else as the URL's scheme implies. */
    default Transport transport() {
        return configuredTransport().orElseGet(() -> url().regionMatches(true, 0, "ws", 0, 2)
                ? Transport.WEBSOCKET : Transport.SSE);
    }

    /**
     * Long-poll endpoint used while the main transport keeps failing, asked and read as {@code poll.*} says
     * (by default {@code GET <url>?cursor=<c>&wait=30s} answering {@code {"events":[{"id","event","data"}],
     * "cursor":"..."}}). Unset: no fallback.
     */
    Optional<String> fallbackUrl();

    /**
     * WebSocket: a ping frame is sent this often. SSE and long poll send nothing; there the server's own
     * traffic (events, {@code :} comments, poll answers) is the heartbeat.
     */
    @WithDefault("15s")
    Duration heartbeatInterval();

    /**
     * A connection on which nothing at all (no frame, pong, event or comment) arrived for this long is
     * declared dead, closed and replaced: this is what detects a half-open TCP connection. Must exceed
     * {@code heartbeat-interval}.
     */
    @WithDefault("45s")
    Duration heartbeatTimeout();

    /** Reconnection schedule. */
    Reconnect reconnect();

    /** How the long-poll endpoint ({@code url} of a long-poll stream, or {@code fallback-url}) is asked and answers. */
    Poll poll();

    /**
     * Failed connection attempts (at least 1; or connections that broke before they were stable) in a row after which
     * the stream switches to {@code fallback-url}, still retrying the main transport in the background.
     */
    @WithDefault("3")
    int fallbackAfter();

    /**
     * Most events kept per stream (at least 1); older ones are removed by housekeeping (a local reader resuming from
     * further back gets the oldest kept event next).
     */
    @WithDefault("100000")
    long retention();

    /** Extra headers on the WebSocket handshake, SSE request and polls, e.g. {@code headers.X-Tenant=acme}. */
    Map<String, String> headers();

    /**
     * Name of an {@code outpost.routes} entry whose headers, auth, TLS settings and reachability the stream
     * shares: its credentials go on the handshake, and when the connectivity monitor reports the route back
     * the stream reconnects at once instead of waiting out its backoff. Unset: the stream stands alone.
     */
    Optional<String> route();

    /**
     * Reconnection schedule ({@code outpost.streams.<name>.reconnect.*}). Backoff is for failures only (refused,
     * an error status, a connection that broke or ended without delivering an event); an event received resets
     * it. A clean end of a connection that delivered events (an SSE stream the server ended, a WebSocket closed
     * with 1000, 1001, 1012 or 1013) is followed by the server's SSE {@code retry:} time, else by a prompt
     * attempt after a random wait of at most {@code initial-delay}.
     */
    interface Reconnect {
        /**
         * The shortest wait after a failure, doubled by each further failure in a row up to {@code max-delay}
         * (full jitter); also the longest wait of a prompt reconnection after a clean end.
         */
        @WithDefault("1s")
        Duration initialDelay();

        /** Cap of the wait between two connection attempts after failures. */
        @WithDefault("60s")
        Duration maxDelay();

        /**
         * The wait (jittered down to three quarters of it) after the server refused this client: a handshake or
         * SSE GET answered 401 or 403, a WebSocket closed with 1003, 1008 or 4000-4999. Trying sooner would be
         * refused again until credentials or configuration change; the route being reported back cuts it short.
         */
        @WithDefault("5m")
        Duration rejectedDelay();
    }

    /**
     * The long-poll protocol ({@code outpost.streams.<name>.poll.*}): {@code GET <url>?<cursor-param>=<c>&wait=30s},
     * answered by a 200 with events, or by a 204 or an empty 200 meaning "nothing yet, poll again".
     */
    interface Poll {
        /**
         * The query parameter that carries the cursor (where the client is): {@code cursor}, or what the server
         * calls it ({@code since}, {@code after}, {@code offset}...). 1-64 letters, digits, '-', '_', '.' or '~'.
         */
        @WithDefault("cursor")
        String cursorParam();

        /**
         * How an answer is laid out: {@code envelope} ({@code {"events":[...],"cursor":"..."}}), {@code json-array}
         * (a JSON array of events), {@code ndjson} (one JSON event a line), or {@code auto}: NDJSON by its content
         * type ({@code application/x-ndjson}, {@code application/jsonl}...), else by the body (an object with an
         * {@code events} array, an array, or JSON values one a line).
         */
        @WithDefault("auto")
        PollFormat format();

        /**
         * The member of an event object holding its id. Without an envelope's {@code cursor} the next cursor is the
         * last event's id. 1-64 characters.
         */
        @WithDefault("id")
        String idField();
    }

    /** Values of {@code poll.format}. */
    enum PollFormat {
        AUTO,
        ENVELOPE,
        JSON_ARRAY,
        NDJSON
    }

    /** Values of {@code transport}. */
    enum Transport {
        WEBSOCKET,
        SSE,
        LONG_POLL;

        /** The name in configuration and in the API. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
