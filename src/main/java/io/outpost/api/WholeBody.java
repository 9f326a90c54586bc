package io.outpost.api;

import java.util.function.Consumer;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body into memory up to a limit, refusing it with a 413 problem as soon as it declares or
 * passes the limit (then reading and dropping the rest, see {@link BodyRefusal}).
 */
final class WholeBody {

    private WholeBody() {
    }

    static void read(RoutingContext ctx, long maxSize, ProblemException tooLarge, Consumer<Buffer> then) {
        HttpServerRequest request = ctx.request();
        long declared = BodyRefusal.contentLength(request);
        if (declared > maxSize) {
            BodyRefusal.refuse(ctx, declared, tooLarge);
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > maxSize) {
                BodyRefusal.refuse(ctx, body.length() + chunk.length(), tooLarge);
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
                then.accept(body);
            }
        });
        request.resume();
    }
}
