package io.outpost.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * The 413 of a body over {@code quarkus.http.limits.max-body-size} (the REST resources' JSON bodies) as a
 * problem, ahead of Quarkus's own limit handler (order -2), which answers an empty 413. The plain routes
 * (messages, uploads, fetch) come earlier still and apply their own limits. A chunked body (no declared
 * length) is read here up to the limit, refused with the same problem past it, and handed to the REST layer
 * whole: RESTEasy's own input stream would answer an empty 413 itself, mid-read, and the mapper then meet a
 * response already written (an ERROR in the log).
 */
@Singleton
public class BodyLimit {

    /** Before Quarkus's {@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT} (-2), after the plain routes (-100). */
    private static final int ORDER = -3;

    private final long max;
    private final ProblemException tooLarge;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max) {
        this.max = max.asLongValue();
        this.tooLarge = tooLarge(this.max);
    }

    static ProblemException tooLarge(long max) {
        return BodyRefusal.tooLarge("body-too-large", "Request body too large",
                "The body exceeds quarkus.http.limits.max-body-size (" + max + " bytes).");
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        long declared = BodyRefusal.contentLength(ctx.request());
        if (declared > max) {
            BodyRefusal.refuse(ctx, declared, tooLarge);
            return;
        }
        if (declared < 0 && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            // as Vert.x Web's BodyHandler does: the REST layer reads a body already set instead of the request
            WholeBody.read(ctx, max, tooLarge, body -> {
                ((RoutingContextInternal) ctx).setBody(body);
                ctx.next();
            });
            return;
        }
        ctx.next();
    }
}
