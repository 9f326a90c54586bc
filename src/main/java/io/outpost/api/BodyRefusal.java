package io.outpost.api;

import java.util.Map;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose body is still coming: answers the problem, then reads and drops the rest of the
 * body, since most clients read no answer before they have sent the whole request and a connection closed
 * under them looks like a network error. A body that would take more than {@link #DISCARD_LIMIT} to drain
 * gets the connection closed instead.
 */
final class BodyRefusal {

    static final long DISCARD_LIMIT = 64L * 1024 * 1024;

    private BodyRefusal() {
    }

    /** {@code seen}: how much of the body was read or declared so far. */
    static void refuse(RoutingContext ctx, long seen, ProblemException problem) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        if (!request.isEnded()) { // a body that arrived whole while it was being refused has nothing to drain
            long[] drained = { seen };
            request.handler(chunk -> {
                drained[0] += chunk.length();
                if (drained[0] > DISCARD_LIMIT && request.version() != HttpVersion.HTTP_2) {
                    request.connection().close();
                }
            });
            request.endHandler(null);
            if (seen > DISCARD_LIMIT && request.version() != HttpVersion.HTTP_2) {
                response.putHeader(HttpHeaders.CONNECTION, "close");
            }
            request.resume();
        }
        ProblemWriter.write(response, problem.problem(), problem.headers());
    }

    static long contentLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP codec refuses a malformed length before this
        }
    }

    static ProblemException tooLarge(String slug, String title, String detail) {
        return new ProblemException(new Problem(Problems.type(slug), title, 413, detail, null), Map.of());
    }
}
