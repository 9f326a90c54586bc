package io.outpost.stream;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Long polling: {@code GET <url>?cursor=<c>&wait=30s} answering
 * {@code {"events":[{"id","event","data"}],"cursor":"..."}}, again and again, each poll after the previous
 * answer's events and cursor are stored. The first poll asks for {@code wait=0s}, so that "connected"
 * means the server answered, not that 30 s passed. A poll that fails ends the connection.
 */
final class LongPollOpener implements Connection.Opener {

    static final String WAIT = "30s";
    private static final long WAIT_MILLIS = 30_000;

    private final HttpClient client;
    private final String url;
    private final long graceMillis;
    private final Supplier<String> cursor;

    /** @param graceMillis how much longer than the wait a poll may take before it counts as failed */
    LongPollOpener(HttpClient client, String url, long graceMillis, Supplier<String> cursor) {
        this.client = client;
        this.url = url;
        this.graceMillis = graceMillis;
        this.cursor = cursor;
    }

    @Override
    public Future<Connection> open(Connection.Target target, Connection.Listener listener) {
        Poller poller = new Poller(target, listener);
        return poller.poll("0s").map(first -> {
            poller.loop(first);
            return poller;
        });
    }

    private final class Poller implements Connection {
        private final Connection.Target target;
        private final Connection.Listener listener;
        private volatile boolean closed;
        private volatile HttpClientRequest current;

        Poller(Connection.Target target, Connection.Listener listener) {
            this.target = target;
            this.listener = listener;
        }

        Future<JsonObject> poll(String wait) {
            String c = cursor.get();
            String uri = url + (url.contains("?") ? "&" : "?") + (c == null ? ""
                    : "cursor=" + URLEncoder.encode(c, StandardCharsets.UTF_8) + "&") + "wait=" + wait;
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri)
                    .setHeaders(target.headers()).putHeader("Accept", "application/json")
                    .setIdleTimeout(("0s".equals(wait) ? 0 : WAIT_MILLIS) + graceMillis);
            return client.request(options).compose(request -> {
                current = request;
                // the body is asked for by a listener of the response future itself: one further down the
                // chain can run as a later task, after a short answer has already ended unread
                return request.send().compose(response -> response.body().compose(body -> response.statusCode()
                        == 200 ? parse(body) : Future.failedFuture("poll answered " + response.statusCode())));
            });
        }

        /** Stores what a poll brought, then polls again, until closed or a poll fails. */
        void loop(JsonObject answer) {
            if (closed) {
                return;
            }
            listener.alive();
            List<Incoming> events = new ArrayList<>();
            JsonArray array = answer.getJsonArray("events", new JsonArray());
            for (int i = 0; i < array.size(); i++) {
                JsonObject e = array.getJsonObject(i);
                Object data = e.getValue("data");
                events.add(new Incoming(string(e.getValue("id")), e.getString("event"),
                        data == null ? "" : data instanceof String s ? s : Json.encode(data)));
            }
            String next = answer.getString("cursor");
            String lastId = events.isEmpty() ? null : events.get(events.size() - 1).id();
            listener.events(events, lastId, next).compose(v -> closed ? Future.succeededFuture() : poll(WAIT)
                    .onSuccess(this::loop)).onFailure(e -> {
                        if (!closed) {
                            closed = true;
                            listener.closed(e instanceof Ending.Failure ? Ending.of(e)
                                    : Ending.broken(e.getMessage() == null ? e.toString() : e.getMessage()));
                        }
                    });
        }

        @Override
        public boolean watched() {
            return false;
        }

        @Override
        public void close() {
            closed = true;
            HttpClientRequest request = current;
            if (request != null) {
                request.reset();
            }
        }
    }

    private static Future<JsonObject> parse(Buffer body) {
        try {
            return Future.succeededFuture(body.toJsonObject());
        } catch (RuntimeException e) {
            return Future.failedFuture("poll answer is not the expected JSON: " + e.getMessage());
        }
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
