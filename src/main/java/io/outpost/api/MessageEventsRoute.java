package io.outpost.api;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.outpost.config.OutpostConfig;
import io.outpost.outbox.ChangeFeed;
import io.outpost.outbox.MessageChange;
import io.outpost.outbox.MessageChanges;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/messages/events[?route=]}: every change of a message's state, as server-sent events (from
 * the reader's position, then live) or as a JSON long poll ({@code ?after=&wait=}), parsed as the stream
 * events are ({@link EventsRequest}). A plain Vert.x route, served ahead of {@code GET /v1/messages/{id}}, for
 * the same reason as {@link StreamEventsRoute}. Documented in {@code META-INF/openapi.yaml}.
 */
@Singleton
public class MessageEventsRoute {

    private static final long KEEP_ALIVE_MS = 15_000;

    private final MessageChanges changes;
    private final OutpostConfig config;
    private final OpenResponses open;

    MessageEventsRoute(MessageChanges changes, OutpostConfig config, OpenResponses open) {
        this.changes = changes;
        this.config = config;
        this.open = open;
    }

    void install(@Observes Router router) {
        PlainRoutes.serve(router, "/v1/messages/events", this::events, HttpMethod.GET);
    }

    private void events(RoutingContext ctx) {
        try {
            Optional<String> route = Optional.ofNullable(ctx.queryParams().get("route"));
            if (route.isPresent() && !config.routes().containsKey(route.get())) {
                throw Problems.unknownRoute(route.get(), "route");
            }
            EventsRequest request = EventsRequest.parse(ctx.request().getHeader(HttpHeaders.ACCEPT),
                    ctx.request().getHeader("Last-Event-ID"), ctx.queryParams().get("after"),
                    ctx.queryParams().get("wait"), ctx.queryParams().get("limit"));
            Context context = Vertx.currentContext();
            ChangeFeed feed = changes.feed(route, request.position());
            if (request.sse()) {
                new MessageEventsReader(feed, new SseResponse(ctx.response(), context, KEEP_ALIVE_MS, "ok", open),
                        context, new FeedPace(changes, context)).start();
            } else {
                poll(ctx.response(), context, feed, request);
            }
        } catch (ProblemException e) {
            ProblemWriter.write(ctx.response(), e);
        }
    }

    /** The JSON long poll: answers once there are changes, or when the wait is over (then with none). */
    private void poll(HttpServerResponse response, Context context, ChangeFeed feed, EventsRequest request) {
        long deadline = System.nanoTime() + request.waitMillis() * 1_000_000;
        FeedPace pace = new FeedPace(changes, context);
        Runnable release = open.hold(() -> context.runOnContext(v -> {
            pace.cancel();
            respond(response, feed.position(), List.of());
        }));
        response.closeHandler(v -> {
            release.run();
            pace.cancel();
        });
        new Runnable() {
            @Override
            public void run() {
                pace.reading();
                feed.next(request.limit()).subscribe().with(batch -> context.runOnContext(v -> {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (batch.changes().isEmpty() && left > 0) {
                        pace.next(batch.held(), left, this);
                        return;
                    }
                    release.run();
                    respond(response, batch.position(), batch.changes());
                }), failure -> context.runOnContext(v -> {
                    release.run();
                    ProblemWriter.write(response,
                            Problems.unavailable("The store did not answer (" + failure.getMessage() + ")."));
                }));
            }
        }.run();
    }

    /** {@code {"events":[...],"next":n}}, each event as the stream's with its {@code seq}. */
    private static void respond(HttpServerResponse response, long next, List<MessageChange> events) {
        if (response.closed() || response.ended()) {
            return;
        }
        MessageEventBytes out = new MessageEventBytes(events.size() * 256 + 32).ascii("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.put(',');
            }
            out.json(events.get(i), true);
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(out.ascii("],\"next\":").number(next).put('}').take());
    }
}
