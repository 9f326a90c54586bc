package io.outpost.api;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.outpost.stream.StoredEvent;
import io.outpost.stream.Streams;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/streams/{name}/events}: a stream's stored events, as server-sent events (backlog, then the
 * live tail) or as a JSON long poll. Every reader has its own position and reads from the store, so any
 * number of them can read at their own pace. A plain Vert.x route because the SSE side owns its response:
 * it writes as the reader drains, and never holds more than one page in memory. Documented in
 * {@code META-INF/openapi.yaml}.
 */
@Singleton
public class StreamEventsRoute {

    static final int PAGE = 500;
    private static final long KEEP_ALIVE_MS = 15_000;

    private final Streams streams;
    private final OpenResponses open;

    StreamEventsRoute(Streams streams, OpenResponses open) {
        this.streams = streams;
        this.open = open;
    }

    void install(@Observes Router router) {
        PlainRoutes.serve(router, "/v1/streams/([^/]+)/events", this::events, HttpMethod.GET);
    }

    private void events(RoutingContext ctx) {
        String name = ctx.pathParam("param0");
        try {
            if (!streams.exists(name)) {
                throw Problems.unknownStream(name);
            }
            EventsRequest request = EventsRequest.parse(ctx.request().getHeader(HttpHeaders.ACCEPT),
                    ctx.request().getHeader("Last-Event-ID"), ctx.queryParams().get("after"),
                    ctx.queryParams().get("wait"), ctx.queryParams().get("limit"));
            if (request.sse()) {
                Context context = Vertx.currentContext();
                new SseReader(streams, name, new SseResponse(ctx.response(), context, KEEP_ALIVE_MS, "ok", open),
                        context, request.after()).start();
            } else {
                poll(ctx, name, request);
            }
        } catch (ProblemException e) {
            ProblemWriter.write(ctx.response(), e);
        }
    }

    /** The JSON long poll: answers at once if there are events, else when one arrives or the wait is over. */
    private void poll(RoutingContext ctx, String name, EventsRequest request) {
        Context context = Vertx.currentContext();
        HttpServerResponse response = ctx.response();
        Runnable[] cancel = { () -> {
        } };
        long[] timer = { -1 };
        Runnable answer = () -> streams.after(name, request.after(), request.limit()).subscribe().with(
                events -> context.runOnContext(v -> respond(response, request.after(), events)),
                failure -> context.runOnContext(v -> ProblemWriter.write(response,
                        Problems.unavailable("The store did not answer (" + failure.getMessage() + ")."))));
        if (request.waitMillis() <= 0) {
            answer.run();
            return;
        }
        boolean[] done = { false };
        Runnable[] release = new Runnable[1];
        Runnable once = () -> context.runOnContext(v -> {
            if (!done[0]) {
                done[0] = true;
                release[0].run();
                cancel[0].run();
                context.owner().cancelTimer(timer[0]);
                answer.run();
            }
        });
        timer[0] = context.owner().setTimer(request.waitMillis(), id -> once.run());
        release[0] = open.hold(once);
        response.closeHandler(v -> {
            release[0].run();
            done[0] = true;
            cancel[0].run();
            context.owner().cancelTimer(timer[0]);
        });
        cancel[0] = streams.hub(name).await(request.after(), once);
    }

    private static void respond(HttpServerResponse response, long after, List<StoredEvent> events) {
        if (response.closed() || response.ended()) {
            return;
        }
        JsonArray array = new JsonArray();
        events.forEach(e -> array.add(new JsonObject().put("seq", e.seq()).put("id", e.id()).put("event", e.event())
                .put("data", e.data()).put("receivedAt", e.receivedAt().toString())));
        long next = events.isEmpty() ? after : events.get(events.size() - 1).seq();
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(new JsonObject(Map.of("events", array, "next", next)).encode());
    }
}
