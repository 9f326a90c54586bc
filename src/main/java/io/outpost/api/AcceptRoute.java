package io.outpost.api;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.outpost.config.OutpostConfig;
import io.outpost.outbox.NewMessage;
import io.outpost.outbox.Outbox;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/routes/{route}/messages[/{subpath}]}: hands a message to the outbox. A plain Vert.x route
 * rather than a REST resource because it must own the body stream: a message over
 * {@code outpost.outbox.max-message-size} is refused with a 413 problem as soon as it declares or passes
 * the limit, and the body is opaque bytes whatever its content type (a form is not parsed). Documented in
 * {@code META-INF/openapi.yaml}.
 */
@Singleton
public class AcceptRoute {

    private static final String MESSAGES = "/messages";

    private final Outbox outbox;
    private final OutpostConfig config;
    private final ObjectMapper json;
    private final long maxSize;
    private final ProblemException tooLarge;

    AcceptRoute(Outbox outbox, OutpostConfig config, ObjectMapper json) {
        this.outbox = outbox;
        this.config = config;
        this.json = json;
        this.maxSize = config.outbox().maxMessageSize().asLongValue();
        this.tooLarge = tooLarge(maxSize);
    }

    /** The 413 of a body over {@code outpost.outbox.max-message-size}. */
    static ProblemException tooLarge(long maxSize) {
        return BodyRefusal.tooLarge("message-too-large", "Message too large",
                "The body exceeds outpost.outbox.max-message-size (" + maxSize + " bytes).");
    }

    void install(@Observes Router router) {
        PlainRoutes.serve(router, "/v1/routes/[^/]+/messages(/.*)?", this::receive, HttpMethod.POST);
    }

    private void receive(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        RoutePath at;
        try {
            at = RoutePath.of(request, MESSAGES); // an unknown route is a 404 whatever the body's size
            if (!config.routes().containsKey(at.route())) {
                throw Problems.unknownRoute(at.route());
            }
        } catch (ProblemException e) {
            BodyRefusal.refuse(ctx, Math.max(0, BodyRefusal.contentLength(request)), e);
            return;
        }
        WholeBody.read(ctx, maxSize, tooLarge, body -> accept(ctx, at, body.getBytes()));
    }

    private void accept(RoutingContext ctx, RoutePath at, byte[] body) {
        HttpServerRequest request = ctx.request();
        try {
            String route = at.route();
            String target = at.target();
            NewMessage message = AcceptHeaders.parse(route, target, request.getHeader(HttpHeaders.CONTENT_TYPE), body,
                    name -> request.headers().getAll(name));
            Context context = Vertx.currentContext();
            outbox.accept(message).subscribe().with(
                    outcome -> context.runOnContext(v -> AcceptReplies.write(ctx.response(), outcome, json, Map.of())),
                    failure -> context.runOnContext(v -> ctx.fail(failure)));
        } catch (ProblemException e) {
            ProblemWriter.write(ctx.response(), e);
        }
    }
}
