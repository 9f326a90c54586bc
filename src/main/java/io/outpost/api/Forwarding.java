package io.outpost.api;

import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.outpost.api.Problem.InvalidParam;
import io.outpost.config.OutpostConfig;
import io.outpost.config.RouteConfig;
import io.outpost.outbox.NewMessage;
import io.outpost.outbox.Outbox;
import io.outpost.upstream.HopByHop;
import io.outpost.upstream.NoAnswer;
import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.Pipelines;
import io.outpost.upstream.Streaming;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST|PUT|PATCH|DELETE|OPTIONS /v1/routes/{route}/fetch/{path...}}: the request sent on through the
 * route's pipeline, never through the cache, and the upstream's answer, whatever its status, streamed back
 * ({@link ClientSink}). The body is read whole first (at most {@code outpost.outbox.max-message-size}: it may
 * become a message). With no upstream answer the agent answers its own problem ({@link NoAnswer}), or, for
 * an unsafe request with {@code Outpost-Fallback: queue}, hands it to the outbox as
 * {@code POST /v1/routes/{route}/messages} would, method and path kept. Not when it may have reached the
 * upstream (a timeout after sending, a dropped connection) and has no {@code Idempotency-Key}: delivering
 * it again could do its work twice, which the key lets the upstream rule out.
 */
@Singleton
class Forwarding {

    static final String FALLBACK = "Outpost-Fallback";

    private final Pipelines pipelines;
    private final Outbox outbox;
    private final OutpostConfig config;
    private final ObjectMapper json;
    private final long maxBody;
    private final int maxBuffered;
    private final ProblemException tooLarge;

    Forwarding(Pipelines pipelines, Outbox outbox, OutpostConfig config, ObjectMapper json) {
        this.pipelines = pipelines;
        this.outbox = outbox;
        this.config = config;
        this.json = json;
        this.maxBody = config.outbox().maxMessageSize().asLongValue();
        this.maxBuffered = (int) config.cache().maxResponseSize().asLongValue();
        this.tooLarge = AcceptRoute.tooLarge(maxBody);
    }

    void forward(RoutingContext ctx, RoutePath at) {
        boolean queue;
        try {
            queue = fallback(ctx.request());
        } catch (ProblemException e) {
            BodyRefusal.refuse(ctx, Math.max(0, BodyRefusal.contentLength(ctx.request())), e);
            return;
        }
        WholeBody.read(ctx, maxBody, tooLarge, body -> send(ctx, at, body, queue));
    }

    private void send(RoutingContext ctx, RoutePath at, Buffer body, boolean queue) {
        HttpServerRequest request = ctx.request();
        NewMessage message;
        try { // checked before anything goes out: a bad TTL is a 400 now, not a surprise after the upstream failed
            message = queue ? AcceptHeaders.parse(at.route(), at.target(), request.getHeader(HttpHeaders.CONTENT_TYPE),
                    body.getBytes(), name -> AcceptHeaders.METHOD.equalsIgnoreCase(name)
                            ? List.of(request.method().name()) : request.headers().getAll(name)) : null;
        } catch (ProblemException e) {
            ProblemWriter.write(ctx.response(), e);
            return;
        }
        RouteConfig route = config.routes().get(at.route());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        route.headers().forEach(headers::set);
        headers.addAll(HopByHop.without(request.headers(), Forwarding::notForwarded));
        boolean noBody = body.length() == 0 && !request.headers().contains(HttpHeaders.CONTENT_LENGTH);
        ClientSink sink = new ClientSink(ctx.response(), at.route(), route.url(), at.target());
        OutboundRequest out = new OutboundRequest(at.route(), request.method(), route.urlFor(at.target()), headers,
                noBody ? null : body, maxBuffered, Streaming.into(sink, bytes -> { }));
        Context context = Vertx.currentContext();
        pipelines.forRoute(at.route()).send(out).subscribe().with(
                answer -> context.runOnContext(v -> sink.finish(answer)),
                failure -> context.runOnContext(v -> failed(ctx, at, sink, failure, message)));
    }

    private void failed(RoutingContext ctx, RoutePath at, ClientSink sink, Throwable failure, NewMessage message) {
        if (sink.opened()) {
            sink.cut();
            return;
        }
        NoAnswer why = pipelines.noAnswer(at.route(), failure);
        String detail = "The upstream gave no answer (" + why.detail() + ").";
        if (message != null && (!why.mayHaveReached() || message.idempotencyKey() != null)) {
            Context context = Vertx.currentContext();
            outbox.accept(message).subscribe().with(
                    outcome -> context.runOnContext(v -> AcceptReplies.write(ctx.response(), outcome, json,
                            Map.of(Problems.OUTPOST_ERROR, why.reason()))),
                    f -> context.runOnContext(v -> ctx.fail(f)));
            return;
        }
        if (message != null) {
            detail += " Not queued: the request may have reached the upstream, and without an Idempotency-Key a "
                    + "later delivery could do its work twice.";
        }
        ProblemWriter.write(ctx.response(), Problems.noAnswer(why.status(), why.reason(), detail, why.retryAfter()));
    }

    /** Whether the request asks to be queued; a 400 for a value other than {@code queue}. */
    private static boolean fallback(HttpServerRequest request) {
        List<String> values = request.headers().getAll(FALLBACK);
        if (values.isEmpty()) {
            return false;
        }
        if (values.size() > 1 || !values.get(0).trim().equalsIgnoreCase("queue")) {
            throw ProblemException.invalid("The request has invalid headers; see invalid-params.",
                    List.of(new InvalidParam(FALLBACK, "must be 'queue' (given once)")));
        }
        if (request.method() == HttpMethod.OPTIONS) {
            throw ProblemException.invalid("Only POST, PUT, PATCH and DELETE can be queued.",
                    List.of(new InvalidParam(FALLBACK, "applies to POST, PUT, PATCH and DELETE")));
        }
        return true;
    }

    /**
     * What stays with the agent: the connection's framing and host, the local API token, the content coding
     * the transport negotiates itself, and the agent's own {@code Outpost-*} fields.
     */
    private static boolean notForwarded(String name) {
        return name.equals("host") || name.equals("authorization") || name.equals("content-length")
                || name.equals("accept-encoding") || name.equals("expect") || name.startsWith("outpost-");
    }
}
