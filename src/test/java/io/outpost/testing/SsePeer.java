package io.outpost.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * An SSE upstream on 127.0.0.1 with a log of events (ids 1, 2, 3...; data {@code e<id>}). A connection
 * gets every event after its {@code Last-Event-ID}, then the live ones, and a comment every 100 ms as a
 * keep-alive. The test publishes events, drops connections (optionally in the middle of an event), and
 * reads which {@code Last-Event-ID} each connection sent.
 */
public final class SsePeer {

    private final Vertx vertx;
    private final HttpServer server;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<HttpServerRequest> open = new CopyOnWriteArrayList<>();
    private int peak;
    private final Map<HttpServerRequest, KeepAlive> keepAlives = new ConcurrentHashMap<>();

    /** A connection's keep-alive timer, and the event loop (context) it and the connection's writes run on. */
    private record KeepAlive(Context context, long timer) {
    }
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();

    public SsePeer(Vertx vertx) {
        this.vertx = vertx;
        server = WsPeer.await(vertx.createHttpServer().requestHandler(request -> {
            String last = request.getHeader("Last-Event-ID");
            lastEventIds.add(last == null ? "" : last);
            HttpServerResponse response = request.response().setChunked(true)
                    .putHeader("Content-Type", "text/event-stream");
            int from = last == null ? 0 : Integer.parseInt(last);
            synchronized (this) {
                response.write(":hello\n\n");
                for (int i = from; i < log.size(); i++) {
                    response.write(log.get(i));
                }
                open.add(request);
                peak = Math.max(peak, open.size());
            }
            long timer = vertx.setPeriodic(100, id -> response.write(":keep-alive\n\n"));
            keepAlives.put(request, new KeepAlive(Vertx.currentContext(), timer));
            response.closeHandler(v -> {
                vertx.cancelTimer(timer);
                keepAlives.remove(request);
                open.remove(request);
            });
        }).listen(0, "127.0.0.1"));
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/events";
    }

    /** Appends {@code n} events and sends them to every open connection. */
    public synchronized void publish(int n) {
        for (int i = 0; i < n; i++) {
            int id = log.size() + 1;
            String event = "id: " + id + "\nevent: tick\ndata: e" + id + "\n\n";
            log.add(event);
            open.forEach(r -> r.response().write(event));
        }
    }

    /** Appends an event whose empty {@code id:} clears the client's last event id (WHATWG SSE 9.2.6). */
    public synchronized void publishClearingTheId(String data) {
        String event = "id:\ndata: " + data + "\n\n";
        log.add(event);
        open.forEach(r -> r.response().write(event));
    }

    /** Closes every connection; with {@code midEvent}, after half of the next event (never completed). */
    public synchronized void dropAll(boolean midEvent) {
        int next = log.size() + 1;
        for (HttpServerRequest r : open) {
            // On the connection's own event loop, with its keep-alive stopped first: a keep-alive comment
            // written between the half event and the close would complete it ("data: e26:keep-alive").
            KeepAlive keepAlive = keepAlives.remove(r);
            if (keepAlive == null) { // closed by the client meanwhile
                continue;
            }
            keepAlive.context().runOnContext(v -> {
                vertx.cancelTimer(keepAlive.timer());
                if (midEvent) {
                    r.response().write("id: " + next + "\nevent: tick\ndata: e" + next);
                }
                r.connection().close();
            });
        }
        open.clear();
    }

    public int published() {
        return log.size();
    }

    /** The most connections open at once so far. */
    public synchronized int peakConnections() {
        return peak;
    }

    public int openConnections() {
        return open.size();
    }

    /** The Last-Event-ID of each connection, in order ("" for none). */
    public List<String> lastEventIds() {
        return lastEventIds;
    }
}
