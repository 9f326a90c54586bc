package io.outpost.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;

/**
 * A WebSocket upstream on 127.0.0.1, on a port reserved once so that it can be switched off (connection
 * refused) and on again. It answers pings (Vert.x does), records the frames it receives and the time of
 * each handshake, pushes frames to every open connection, and drops connections on demand. Plain HTTP
 * requests (connectivity probes) get a 200. A boot of an agent without WebSocket endpoints sets the JVM-wide
 * {@code vertx.disableWebsockets=true} unless it is set already, and every later boot loads Vert.x anew and
 * reads it: the build sets it to {@code false} so that a later boot's peers still answer handshakes.
 */
public final class WsPeer {

    private final Vertx vertx;
    private final int port;
    private HttpServer server;
    private final List<ServerWebSocket> open = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Long> handshakes = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger rejections = new AtomicInteger();
    private final List<Long> rejected = new CopyOnWriteArrayList<>();

    public WsPeer(Vertx vertx) {
        if (Boolean.getBoolean("vertx.disableWebsockets")) {
            throw new IllegalStateException("vertx.disableWebsockets is true in this JVM: this peer would answer "
                    + "every handshake with a plain 200 (set it to false for the test JVM)");
        }
        this.vertx = vertx;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "ws://127.0.0.1:" + port + "/ws";
    }

    public synchronized WsPeer up() {
        if (server == null) {
            server = await(vertx.createHttpServer().webSocketHandler(ws -> {
                if (rejections.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    rejected.add(System.nanoTime());
                    ws.reject(503);
                    return;
                }
                open.add(ws);
                peak.accumulateAndGet(open.size(), Math::max);
                handshakes.add(System.nanoTime());
                connections.incrementAndGet();
                ws.textMessageHandler(received::add);
                ws.binaryMessageHandler(b -> received.add("binary:" + java.util.Base64.getEncoder()
                        .encodeToString(b.getBytes())));
                ws.closeHandler(v -> open.remove(ws));
            }).requestHandler(r -> r.response().end("ok")).listen(port, "127.0.0.1"));
        }
        return this;
    }

    /** Stops listening and drops every connection, as when the upstream's process dies. */
    public synchronized void down() {
        if (server != null) {
            await(server.close());
            server = null;
        }
        dropAll();
    }

    /** Closes every open connection (a close frame with 1012, service restart, as a redeploy would). */
    public void dropAll() {
        open.forEach(ws -> ws.close((short) 1012, "restart"));
        open.clear();
    }

    /** Answers the next {@code n} handshakes with 503, as an overloaded or restarting upstream would. */
    public void rejectNext(int n) {
        rejections.set(n);
    }

    /** {@link System#nanoTime()} of each rejected handshake. */
    public List<Long> rejected() {
        return rejected;
    }

    /** Sends a text frame to every open connection. */
    public void push(String text) {
        open.forEach(ws -> ws.writeTextMessage(text));
    }

    public int openConnections() {
        return open.size();
    }

    /** The most connections open at once so far. */
    public int peakConnections() {
        return peak.get();
    }

    /** Handshakes so far. */
    public int connections() {
        return connections.get();
    }

    /** {@link System#nanoTime()} of each handshake. */
    public List<Long> handshakes() {
        return handshakes;
    }

    /** Text frames received, and binary ones as {@code binary:<base64>}, in order. */
    public List<String> received() {
        return received;
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
