package io.outpost.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * SSE upstreams on 127.0.0.1 that behave as real servers do on purpose: one that rotates connections
 * ({@code retry: 200}, at most 15 events per connection, then it ends the response), one that answers 200 and
 * ends at once without any event, one that answers 204 (no content: do not reconnect). Each records the
 * {@link System#nanoTime()} of every request. Events are published by the test: ids 1, 2, 3...; data
 * {@code r<id>}; a connection gets every event after its {@code Last-Event-ID}, then the live ones.
 */
public final class ScriptedSsePeer {

    /** How the peer answers. */
    public enum Mode { ROTATE, EMPTY, NO_CONTENT }

    public static final int PER_CONNECTION = 15;

    private final Mode mode;
    private final HttpServer server;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<Open> open = new CopyOnWriteArrayList<>();
    private final List<Long> requests = new CopyOnWriteArrayList<>();

    private static final class Open {
        final HttpServerResponse response;
        int sent;

        Open(HttpServerResponse response) {
            this.response = response;
        }
    }

    ScriptedSsePeer(Vertx vertx, Mode mode) {
        this.mode = mode;
        server = WsPeer.await(vertx.createHttpServer().requestHandler(this::answer).listen(0, "127.0.0.1"));
    }

    private void answer(HttpServerRequest request) {
        requests.add(System.nanoTime());
        HttpServerResponse response = request.response();
        switch (mode) {
            case NO_CONTENT -> response.setStatusCode(204).end();
            case EMPTY -> response.putHeader("Content-Type", "text/event-stream").end("retry: 50\n:nothing today\n\n");
            case ROTATE -> rotate(request, response);
        }
    }

    private synchronized void rotate(HttpServerRequest request, HttpServerResponse response) {
        String last = request.getHeader("Last-Event-ID");
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").write("retry: 200\n\n");
        Open o = new Open(response);
        for (int i = last == null ? 0 : Integer.parseInt(last); i < log.size() && o.sent < PER_CONNECTION; i++) {
            send(o, log.get(i));
        }
        if (o.sent < PER_CONNECTION) {
            open.add(o);
            response.closeHandler(v -> open.remove(o));
        }
    }

    private void send(Open o, String event) {
        o.response.write(event);
        if (++o.sent == PER_CONNECTION) {
            open.remove(o);
            o.response.end(); // a clean end, as a server that rotates its connections does
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/events";
    }

    /** Appends an event and sends it to every open connection. */
    public synchronized void publish() {
        int id = log.size() + 1;
        String event = "id: " + id + "\ndata: r" + id + "\n\n";
        log.add(event);
        List.copyOf(open).forEach(o -> send(o, event));
    }

    public int published() {
        return log.size();
    }

    /** {@link System#nanoTime()} of each request. */
    public List<Long> requests() {
        return requests;
    }
}
