package io.outpost.stream;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import io.outpost.config.StreamConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Long polling: {@code GET <url>?<cursor-param>=<c>&wait=30s}, again and again, each poll after the previous
 * answer's events and cursor are stored; {@link PollAnswer} reads the answer in whichever shape the server
 * uses. The first poll asks for {@code wait=0s}, so that "connected" means the server answered, not that
 * 30 s passed. A poll that fails (no answer, a status other than 200 and 204, an unreadable body) ends the
 * connection.
 */
final class LongPollOpener implements Connection.Opener {

    static final String WAIT = "30s";
    private static final String ACCEPT = "application/json, application/x-ndjson;q=0.9";
    private static final long WAIT_MILLIS = 30_000;

    private final HttpClient client;
    private final String url;
    private final long graceMillis;
    private final Supplier<String> cursor;
    private final String cursorParam;
    private final PollAnswer answers;
    private final Clock clock;

    /**
     * @param graceMillis how much longer than the wait a poll may take before it counts as failed
     * @param cursor the cursor to poll from, null before the first answer that gave one
     */
    LongPollOpener(HttpClient client, String url, long graceMillis, Supplier<String> cursor, StreamConfig.Poll poll,
            Clock clock) {
        this.client = client;
        this.url = url;
        this.graceMillis = graceMillis;
        this.cursor = cursor;
        this.cursorParam = poll.cursorParam();
        this.answers = new PollAnswer(poll.format(), poll.idField());
        this.clock = clock;
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

        Future<PollAnswer.Parsed> poll(String wait) {
            String c = cursor.get();
            String uri = url + (url.contains("?") ? "&" : "?") + (c == null ? ""
                    : cursorParam + "=" + URLEncoder.encode(c, StandardCharsets.UTF_8) + "&") + "wait=" + wait;
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri)
                    .setHeaders(target.headers()).putHeader("Accept", ACCEPT)
                    .setIdleTimeout(("0s".equals(wait) ? 0 : WAIT_MILLIS) + graceMillis);
            return client.request(options).compose(request -> {
                current = request;
                // the body is asked for by a listener of the response future itself: one further down the
                // chain can run as a later task, after a short answer has already ended unread
                return request.send().compose(response -> response.body().compose(body -> read(response, body)));
            });
        }

        /** Stores what a poll brought, then polls again, until closed or a poll fails. */
        void loop(PollAnswer.Parsed answer) {
            if (closed) {
                return;
            }
            listener.alive();
            List<Incoming> events = answer.events();
            String next = answer.cursor();
            String lastId = events.isEmpty() ? null : events.get(events.size() - 1).id();
            // "nothing yet" moves nothing: poll again without a round trip to the store
            boolean nothing = events.isEmpty() && (next == null || next.equals(cursor.get()));
            Future<Void> stored = nothing ? Future.succeededFuture() : listener.events(events, lastId, next);
            stored.compose(v -> closed ? Future.succeededFuture() : poll(WAIT)
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

    private Future<PollAnswer.Parsed> read(HttpClientResponse response, Buffer body) {
        int status = response.statusCode();
        if (status != 200 && status != 204) {
            return Future.failedFuture(Ending.status(status, response.getHeader("Retry-After"), clock.instant(),
                    "poll").failure());
        }
        try {
            return Future.succeededFuture(answers.parse(status, response.getHeader("Content-Type"), body.toString()));
        } catch (PollAnswer.Malformed e) {
            return Future.failedFuture(Ending.broken(e.getMessage()).failure());
        }
    }
}
