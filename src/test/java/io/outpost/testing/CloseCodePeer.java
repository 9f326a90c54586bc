package io.outpost.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;

/**
 * A WebSocket upstream on 127.0.0.1 that closes its connections with the code the test chooses, and can
 * answer the next handshakes with a plain HTTP status and {@code Retry-After}, as a server that restarts or
 * refuses a client does. Records the {@link System#nanoTime()} of every handshake, upgraded or not.
 */
public final class CloseCodePeer {

    private final HttpServer server;
    private final List<ServerWebSocket> open = new CopyOnWriteArrayList<>();
    private final List<Long> handshakes = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile int refusalStatus;
    private volatile String retryAfter;

    CloseCodePeer(Vertx vertx) {
        server = WsPeer.await(vertx.createHttpServer().requestHandler(request -> {
            handshakes.add(System.nanoTime());
            if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                request.response().setStatusCode(refusalStatus);
                if (retryAfter != null) {
                    request.response().putHeader("Retry-After", retryAfter);
                }
                request.response().end("not now");
                return;
            }
            request.toWebSocket().onSuccess(ws -> {
                open.add(ws);
                ws.closeHandler(v -> open.remove(ws));
            });
        }).listen(0, "127.0.0.1"));
    }

    public String url() {
        return "ws://127.0.0.1:" + server.actualPort() + "/ws";
    }

    /** Answers the next {@code n} handshakes with {@code status} (and {@code retryAfter} if not null). */
    public void refuseNext(int n, int status, String retryAfter) {
        this.refusalStatus = status;
        this.retryAfter = retryAfter;
        refusals.set(n);
    }

    /** Closes every open connection with {@code code}. */
    public void closeAll(int code, String reason) {
        open.forEach(ws -> ws.close((short) code, reason));
        open.clear();
    }

    public void push(String text) {
        open.forEach(ws -> ws.writeTextMessage(text));
    }

    public int openConnections() {
        return open.size();
    }

    /** {@link System#nanoTime()} of each handshake, refused ones included. */
    public List<Long> handshakes() {
        return handshakes;
    }
}
