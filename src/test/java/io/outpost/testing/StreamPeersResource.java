package io.outpost.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/**
 * The upstreams of the stream tests, all on 127.0.0.1, and the streams that point at them, with short
 * heartbeats and backoffs so that the tests take seconds. Global, so every {@code @QuarkusTest} of one
 * profile shares one boot. (Scoped to the stream tests alone with {@code MATCHING_RESOURCES}, their boot
 * restarted the app, and the cache's gauges then still held the earlier boot's beans: /q/metrics answered
 * 500, "Could not find a mapping for OutpostConfig". Back to global until the meters are tied to their
 * boot.) Each boot loads the test classes anew, so it gets peers of its own; they are stopped with the boot
 * that started them.
 */
public class StreamPeersResource implements QuarkusTestResourceLifecycleManager {

    /** The peers of the running boot. */
    public static final class Peers implements AutoCloseable {
        private final Vertx vertx = Vertx.vertx();
        /** Behind {@link #proxy}: for drops, half-open connections and outgoing frames. */
        public final WsPeer ws = new WsPeer(vertx).up();
        public final FreezableProxy proxy = new FreezableProxy(vertx, ws.port());
        /** The main transport of the fallback stream, switched off and on by the test. */
        public final WsPeer flaky = new WsPeer(vertx).up();
        /** The main transport of the stream that shares a route with the outbox. */
        public final WsPeer routed = new WsPeer(vertx).up();
        public final SsePeer sse = new SsePeer(vertx);
        public final PollPeer poll = new PollPeer(vertx);
        /** SSE servers with their own terms: rotation with {@code retry:}, empty streams, 204. */
        public final ScriptedSsePeer rotating = new ScriptedSsePeer(vertx, ScriptedSsePeer.Mode.ROTATE);
        public final ScriptedSsePeer empty = new ScriptedSsePeer(vertx, ScriptedSsePeer.Mode.EMPTY);
        public final ScriptedSsePeer noContent = new ScriptedSsePeer(vertx, ScriptedSsePeer.Mode.NO_CONTENT);
        /** WebSocket servers that close with the codes a test chooses: one restarts, one refuses the client. */
        public final CloseCodePeer restarting = new CloseCodePeer(vertx);
        public final CloseCodePeer refusing = new CloseCodePeer(vertx);
        /** Long-poll servers shaped like common APIs: a JSON array and 204, NDJSON and an empty 200. */
        public final ShapedPollPeer array = new ShapedPollPeer(vertx, ShapedPollPeer.Mode.ARRAY, "since");
        public final ShapedPollPeer ndjson = new ShapedPollPeer(vertx, ShapedPollPeer.Mode.NDJSON, "after");
        /** The upstream of the stream the local WebSocket tests read and write. */
        public final WsPeer local = new WsPeer(vertx).up();

        @Override
        public void close() {
            WsPeer.await(vertx.close());
        }
    }

    private static Peers peers;

    public static synchronized Peers peers() {
        if (peers == null) {
            peers = new Peers();
        }
        return peers;
    }

    @Override
    public Map<String, String> start() {
        Peers p = peers();
        Map<String, String> config = new HashMap<>();
        stream(config, "ws", "ws://127.0.0.1:" + p.proxy.port() + "/ws", Map.of("heartbeat-interval", "200ms",
                "heartbeat-timeout", "800ms", "reconnect.initial-delay", "50ms", "reconnect.max-delay", "300ms"));
        stream(config, "sse", p.sse.url(), Map.of("transport", "sse", "heartbeat-timeout", "1s",
                "heartbeat-interval", "250ms", "reconnect.initial-delay", "20ms", "reconnect.max-delay", "100ms"));
        stream(config, "fb", p.flaky.url(), Map.of("fallback-url", p.poll.url(), "fallback-after", "2",
                "heartbeat-interval", "200ms", "heartbeat-timeout", "800ms", "reconnect.initial-delay", "100ms",
                "reconnect.max-delay", "300ms"));
        config.put("outpost.routes.stream-peer.url", "http://127.0.0.1:" + p.routed.port() + "/");
        stream(config, "routed", p.routed.url(), Map.of("route", "stream-peer", "heartbeat-interval", "200ms",
                "heartbeat-timeout", "800ms", "reconnect.initial-delay", "30s", "reconnect.max-delay", "30s"));
        serverTerms(config, p);
        Map<String, String> poll = Map.of("transport", "long-poll", "heartbeat-interval", "250ms",
                "heartbeat-timeout", "1s", "reconnect.initial-delay", "20ms", "reconnect.max-delay", "100ms");
        stream(config, "lp-array", p.array.url(), poll);
        config.put("outpost.streams.lp-array.poll.cursor-param", "since");
        config.put("outpost.streams.lp-array.poll.id-field", "seq");
        stream(config, "lp-ndjson", p.ndjson.url(), poll);
        config.put("outpost.streams.lp-ndjson.poll.cursor-param", "after");
        config.put("outpost.streams.lp-ndjson.poll.format", "ndjson");
        stream(config, "local", p.local.url(), Map.of("heartbeat-interval", "200ms", "heartbeat-timeout", "800ms",
                "reconnect.initial-delay", "50ms", "reconnect.max-delay", "300ms"));
        return config;
    }

    /** The streams of {@code ServerTermsTest}: backoffs long enough that a prompt reconnection stands out. */
    private static void serverTerms(Map<String, String> config, Peers p) {
        Map<String, String> slow = Map.of("transport", "sse", "heartbeat-interval", "1s", "heartbeat-timeout",
                "10s", "reconnect.initial-delay", "1s", "reconnect.max-delay", "30s");
        stream(config, "rotating", p.rotating.url(), slow);
        stream(config, "no-content", p.noContent.url(), slow);
        stream(config, "empty", p.empty.url(), Map.of("transport", "sse", "heartbeat-interval", "1s",
                "heartbeat-timeout", "10s", "reconnect.initial-delay", "100ms", "reconnect.max-delay", "2s"));
        Map<String, String> ws = Map.of("heartbeat-interval", "1s", "heartbeat-timeout", "10s",
                "reconnect.initial-delay", "500ms", "reconnect.max-delay", "20s", "reconnect.rejected-delay", "10m");
        stream(config, "restarting", p.restarting.url(), ws);
        stream(config, "refusing", p.refusing.url(), ws);
    }

    private static void stream(Map<String, String> config, String name, String url, Map<String, String> settings) {
        config.put("outpost.streams." + name + ".url", url);
        settings.forEach((k, v) -> config.put("outpost.streams." + name + "." + k, v));
    }

    /** Runs after the boot's agent has stopped, so no stream of it reconnects to a peer that is gone. */
    @Override
    public void stop() {
        release();
    }

    private static synchronized void release() {
        if (peers != null) {
            peers.close();
            peers = null;
        }
    }
}
