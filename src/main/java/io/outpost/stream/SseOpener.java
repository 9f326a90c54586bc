package io.outpost.stream;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.outpost.upstream.Classifier;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Server-sent event connections: a GET that stays open, parsed by {@link SseParser}. Each reconnection
 * sends {@code Last-Event-ID} with the id of the last stored event, so the server resumes after it.
 */
final class SseOpener implements Connection.Opener {

    private final HttpClient client;
    private final long connectTimeoutMillis;
    private final Supplier<String> lastEventId;
    private final Clock clock;

    SseOpener(HttpClient client, long connectTimeoutMillis, Supplier<String> lastEventId, Clock clock) {
        this.client = client;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.lastEventId = lastEventId;
        this.clock = clock;
    }

    @Override
    public Future<Connection> open(Connection.Target target, Connection.Listener listener) {
        String resumeFrom = lastEventId.get();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(target.uri())
                .setHeaders(target.headers()).setConnectTimeout(connectTimeoutMillis)
                .putHeader("Accept", "text/event-stream").putHeader("Cache-Control", "no-cache");
        if (resumeFrom != null && !resumeFrom.isEmpty()) {
            options.putHeader("Last-Event-ID", resumeFrom);
        }
        return client.request(options).compose(request -> request.send().compose(response -> {
            String type = response.getHeader("Content-Type");
            if (response.statusCode() != 200) {
                request.connection().close();
                return Future.failedFuture(Ending.status(response.statusCode(), response.getHeader("Retry-After"),
                        clock.instant(), "the event stream GET").failure());
            }
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                request.connection().close();
                return Future.failedFuture("answered 200 " + type + " instead of text/event-stream");
            }
            return Future.succeededFuture(live(request.connection(), response, listener, resumeFrom));
        }));
    }

    private static Connection live(HttpConnection connection, HttpClientResponse response,
            Connection.Listener listener, String resumeFrom) {
        AtomicBoolean ended = new AtomicBoolean();
        List<Incoming> batch = new ArrayList<>();
        SseParser parser = new SseParser(resumeFrom, new SseParser.Sink() {
            @Override
            public void event(Incoming event) {
                batch.add(event);
            }

            @Override
            public void retry(Duration delay) {
                listener.retry(delay);
            }
        });
        // the resume point is the id of the last complete event, never one whose data is still arriving; an
        // event without one (the server sent an empty "id:") clears it, stored as "" since null keeps the old one
        response.handler(chunk -> {
            listener.alive(); // comments included: they are the server's keep-alives
            parser.feed(chunk.getBytes());
            if (!batch.isEmpty()) {
                String resume = batch.get(batch.size() - 1).id();
                Future<Void> stored = listener.events(List.copyOf(batch), resume == null ? "" : resume, null);
                batch.clear();
                if (!stored.isComplete() && listener.backlog() > WebSocketOpener.PAUSE_AT) {
                    response.pause();
                    stored.onComplete(v -> response.resume());
                }
            }
        });
        response.endHandler(v -> {
            if (ended.compareAndSet(false, true)) {
                listener.closed(Ending.clean("the server ended the event stream"));
            }
        });
        response.exceptionHandler(e -> {
            if (ended.compareAndSet(false, true)) {
                listener.closed(Ending.broken(Classifier.describe(e)));
            }
        });
        return () -> {
            ended.set(true);
            connection.close(); // not just the request: a half-open connection must not go back to the pool
        };
    }
}
