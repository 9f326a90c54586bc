package io.outpost.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * A long-poll upstream on 127.0.0.1 shaped like common long-poll APIs rather than Outpost's own: its cursor
 * parameter has its own name and is the id of the last event the client has, its answer is a bare JSON
 * array ({@link Mode#ARRAY}, ids in {@code seq}, each event the whole object, no {@code data}; nothing new:
 * 204) or NDJSON ({@link Mode#NDJSON}, ids {@code n<k>} in {@code id}; nothing new: an empty 200). A poll
 * with nothing to give is held at most 300 ms. Keeps the cursors it was asked with, and counts empty answers.
 */
public final class ShapedPollPeer {

    /** The shape of the answers. */
    public enum Mode { ARRAY, NDJSON }

    private final Vertx vertx;
    private final Mode mode;
    private final String cursorParam;
    private final HttpServer server;
    private final List<String> log = new ArrayList<>();
    private final List<Runnable> waiting = new ArrayList<>();
    private final List<String> cursors = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final AtomicInteger empty = new AtomicInteger();

    ShapedPollPeer(Vertx vertx, Mode mode, String cursorParam) {
        this.vertx = vertx;
        this.mode = mode;
        this.cursorParam = cursorParam;
        server = WsPeer.await(vertx.createHttpServer().requestHandler(this::poll).listen(0, "127.0.0.1"));
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/updates";
    }

    private void poll(HttpServerRequest request) {
        queries.add(request.query() == null ? "" : request.query());
        String c = request.getParam(cursorParam);
        cursors.add(c == null ? "" : c);
        int from = c == null ? 0 : Integer.parseInt(mode == Mode.NDJSON ? c.substring(1) : c);
        boolean mayWait = !"0s".equals(request.getParam("wait"));
        synchronized (this) {
            if (from < log.size() || !mayWait) {
                answer(request, from);
                return;
            }
            boolean[] done = { false };
            Runnable wake = () -> {
                if (!done[0]) {
                    done[0] = true;
                    answer(request, from);
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

    private synchronized void answer(HttpServerRequest request, int from) {
        if (from >= log.size()) {
            empty.incrementAndGet();
            if (mode == Mode.ARRAY) {
                request.response().setStatusCode(204).end();
            } else {
                request.response().putHeader("Content-Type", "application/x-ndjson").end();
            }
            return;
        }
        StringBuilder body = new StringBuilder(mode == Mode.ARRAY ? "[" : "");
        for (int i = from; i < log.size(); i++) {
            if (mode == Mode.ARRAY) {
                body.append(i > from ? "," : "").append(new JsonObject().put("seq", i + 1).put("type", "tick")
                        .put("payload", log.get(i)).encode());
            } else {
                body.append(new JsonObject().put("id", "n" + (i + 1)).put("event", "tick").put("data", log.get(i))
                        .encode()).append('\n');
            }
        }
        request.response().putHeader("Content-Type", mode == Mode.ARRAY ? "application/json" : "application/x-ndjson")
                .end(body.append(mode == Mode.ARRAY ? "]" : "").toString());
    }

    public synchronized void publish(String data) {
        log.add(data);
        List<Runnable> woken = new ArrayList<>(waiting);
        waiting.clear();
        woken.forEach(Runnable::run);
    }

    /** The cursor parameter of each poll so far ("" when it had none). */
    public List<String> cursors() {
        return cursors;
    }

    /** The query string of each poll so far. */
    public List<String> queries() {
        return queries;
    }

    /** Polls answered with nothing (204 or an empty 200). */
    public int emptyAnswers() {
        return empty.get();
    }
}
