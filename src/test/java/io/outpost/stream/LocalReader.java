package io.outpost.stream;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** A local application reading a stream from the agent as server-sent events, parsed with the agent's parser. */
final class LocalReader implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();

    final List<Incoming> events = new CopyOnWriteArrayList<>();
    private final HttpClient client = VERTX.createHttpClient();
    private HttpClientResponse response;

    LocalReader(URI base, String stream, String lastEventId) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(base.resolve("/v1/streams/" + stream + "/events").toString())
                .putHeader("Accept", "text/event-stream").putHeader("Authorization", "Bearer test-token");
        if (lastEventId != null) {
            options.putHeader("Last-Event-ID", lastEventId);
        }
        SseParser parser = new SseParser(null, events::add);
        // the handler goes on in the same event-loop turn as the response arrives, or the backlog is lost
        response = client.request(options).compose(r -> r.send().onSuccess(resp -> resp.handler(
                chunk -> parser.feed(chunk.getBytes())))).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("events answered " + response.statusCode());
        }
    }

    /** The {@code id:} (the sequence number) of the last event read. */
    String lastId() {
        return events.get(events.size() - 1).id();
    }

    @Override
    public void close() {
        response.request().connection().close();
        client.close();
    }
}
