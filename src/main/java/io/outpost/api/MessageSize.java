package io.outpost.api;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.outpost.config.OutpostConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Enforces {@code outpost.outbox.max-message-size} while a message body arrives: a declared Content-Length
 * over the limit is refused before a byte is read, a chunked body as soon as it passes the limit, both
 * with a 413 problem. Vert.x's BodyHandler would parse form-encoded bodies, which are opaque bytes here.
 */
@Singleton
public class MessageSize {

    /** Ahead of the REST layer's handlers. */
    private static final int ORDER = -100;

    void install(@Observes Router router, OutpostConfig config) {
        long max = config.outbox().maxMessageSize().asLongValue();
        router.postWithRegex("/v1/routes/[^/]+/messages(/.*)?").order(ORDER).handler(ctx -> read(ctx, max));
    }

    private static void read(RoutingContext ctx, long max) {
        HttpServerRequest request = ctx.request();
        long declared = contentLength(request);
        if (declared > max) {
            reject(ctx, max);
            return;
        }
        Buffer body = Buffer.buffer((int) Math.max(declared, 256));
        boolean[] rejected = { false };
        request.handler(chunk -> {
            if (rejected[0]) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                rejected[0] = true;
                reject(ctx, max);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(e -> {
            if (!rejected[0]) { // after a rejection the closed connection is expected
                ctx.fail(e);
            }
        });
        request.endHandler(v -> {
            if (!rejected[0]) {
                // What BodyHandler does: the REST layer then reads the buffered body instead of the stream.
                RoutingContextInternal internal = (RoutingContextInternal) ctx;
                internal.setBody(body);
                internal.visitHandler(RoutingContextInternal.BODY_HANDLER);
                ctx.next();
            }
        });
        request.resume();
    }

    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1; // Netty has already refused a malformed length
        }
    }

    private static void reject(RoutingContext ctx, long max) {
        ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(tooLarge(max).problem()))
                .onComplete(done -> ctx.request().connection().close());
    }

    private static ProblemException tooLarge(long max) {
        return new ProblemException(new Problem(Problems.type("message-too-large"), "Message too large", 413,
                "The body exceeds outpost.outbox.max-message-size (" + max + " bytes).", null), Map.of());
    }
}
