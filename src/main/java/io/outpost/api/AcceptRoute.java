package io.outpost.api;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.outpost.config.OutpostConfig;
import io.outpost.outbox.AcceptOutcome;
import io.outpost.outbox.MessageRecord;
import io.outpost.outbox.NewMessage;
import io.outpost.outbox.Outbox;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
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

    AcceptRoute(Outbox outbox, OutpostConfig config, ObjectMapper json) {
        this.outbox = outbox;
        this.config = config;
        this.json = json;
        this.maxSize = config.outbox().maxMessageSize().asLongValue();
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
        long declared = BodyRefusal.contentLength(request);
        if (declared > maxSize) {
            tooLarge(ctx, declared);
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > maxSize) {
                tooLarge(ctx, body.length() + chunk.length());
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(e -> {
            if (!ctx.response().ended()) {
                ctx.fail(e);
            }
        });
        request.endHandler(v -> {
            if (!ctx.response().ended()) {
                accept(ctx, at, body.getBytes());
            }
        });
        request.resume();
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
                    outcome -> context.runOnContext(v -> respond(ctx.response(), outcome)),
                    failure -> context.runOnContext(v -> ctx.fail(failure)));
        } catch (ProblemException e) {
            ProblemWriter.write(ctx.response(), e);
        }
    }

    private void respond(HttpServerResponse response, AcceptOutcome outcome) {
        if (outcome instanceof AcceptOutcome.Accepted a) {
            writeJson(response, 202, a.message(), MessageJson.Accepted.of(a.message()));
        } else if (outcome instanceof AcceptOutcome.Duplicate d) {
            writeJson(response, 200, d.message(), MessageJson.Message.of(d.message()));
        } else if (outcome instanceof AcceptOutcome.Full f) {
            ProblemWriter.write(response, new Problem(Problems.type("outbox-full"), "Outbox full", 507, f.detail(),
                    null), Map.of());
        } else {
            ProblemWriter.write(response, Problems.unavailable(((AcceptOutcome.Unavailable) outcome).detail()));
        }
    }

    private void writeJson(HttpServerResponse response, int status, MessageRecord message, Object body) {
        try {
            response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.LOCATION, "/v1/messages/" + message.id())
                    .end(Buffer.buffer(json.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void tooLarge(RoutingContext ctx, long seen) {
        BodyRefusal.refuse(ctx, seen, BodyRefusal.tooLarge("message-too-large", "Message too large",
                "The body exceeds outpost.outbox.max-message-size (" + maxSize + " bytes)."));
    }
}
