package io.outpost.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A long-poll upstream on 127.0.0.1: {@code GET ?cursor=<n>&wait=<d>} answers the events after position
 * n at once, or waits (at most 300 ms here, whatever the wait asked) for one; the new cursor is the
 * position after the last event. Counts polls, so a test can see polling stop.
 */
public final class PollPeer {

    private final Vertx vertx;
    private final HttpServer server;
    private final List<String> log = new ArrayList<>();
    private final List<Runnable> waiting = new ArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();

    PollPeer(Vertx vertx) {
        this.vertx = vertx;
        server = WsPeer.await(vertx.createHttpServer().requestHandler(this::poll).listen(0, "127.0.0.1"));
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/poll";
    }

    private void poll(HttpServerRequest request) {
        polls.incrementAndGet();
        String c = request.getParam("cursor");
        int cursor = c == null ? 0 : Integer.parseInt(c);
        boolean mayWait = !"0s".equals(request.getParam("wait"));
        synchronized (this) {
            if (cursor < log.size() || !mayWait) {
                answer(request, cursor);
                return;
            }
            boolean[] done = { false };
            Runnable wake = () -> {
                if (!done[0]) {
                    done[0] = true;
                    answer(request, cursor);
                }
            };
            waiting.add(wake);
            vertx.setTimer(300, id -> {
                synchronized (this) {
                    waiting.remove(wake);
                    wake.run();
                }
            });
        }
    }

    private void answer(HttpServerRequest request, int cursor) {
        JsonArray events = new JsonArray();
        for (int i = cursor; i < log.size(); i++) {
            events.add(new JsonObject().put("id", "p" + (i + 1)).put("event", "poll").put("data", log.get(i)));
        }
        request.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("events", events).put("cursor", Integer.toString(log.size())).encode());
    }

    public synchronized void publish(String data) {
        log.add(data);
        List<Runnable> woken = new ArrayList<>(waiting);
        waiting.clear();
        woken.forEach(Runnable::run);
    }

    public int polls() {
        return polls.get();
    }
}
