package io.outpost.api;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/** A local application reading {@code GET /v1/messages/events} as server-sent events over real HTTP. */
final class MessageEventsClient implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();

    /** One event as read: its {@code id:}, {@code event:} and the parsed {@code data:}. */
    record Event(String id, String event, JsonObject data) {
        String messageId() {
            return data.getString("id");
        }

        String status() {
            return data.getString("status");
        }
    }

    final List<Event> events = new CopyOnWriteArrayList<>();
    private final HttpClient client = VERTX.createHttpClient();
    private final StringBuilder pending = new StringBuilder();
    private final HttpClientResponse response;

    MessageEventsClient(URI base, String query, String lastEventId) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(base.resolve("/v1/messages/events" + query).toString())
                .putHeader("Accept", "text/event-stream").putHeader("Authorization", "Bearer " + Api.TOKEN);
        if (lastEventId != null) {
            options.putHeader("Last-Event-ID", lastEventId);
        }
        response = client.request(options).compose(r -> r.send().onSuccess(resp -> resp.handler(
                chunk -> feed(chunk.toString())))).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("events answered " + response.statusCode());
        }
    }

    private synchronized void feed(String text) {
        pending.append(text);
        int end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
            String block = pending.substring(0, end);
            pending.delete(0, end + 2);
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            if (event != null) {
                events.add(new Event(id, event, new JsonObject(data.toString())));
            }
        }
    }

    /** The events about message {@code id}. */
    List<Event> of(String id) {
        return events.stream().filter(e -> id.equals(e.messageId())).toList();
    }

    boolean saw(String id, String status) {
        return of(id).stream().anyMatch(e -> status.equals(e.status()));
    }

    String lastId() {
        return events.get(events.size() - 1).id();
    }

    @Override
    public void close() {
        response.request().connection().close();
        client.close();
    }
}
