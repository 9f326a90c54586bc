package io.outpost.api;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.outpost.config.OutpostConfig;
import io.outpost.transfer.Transfer;
import io.outpost.transfer.TransferView;
import io.outpost.transfer.Transfers;
import io.outpost.transfer.UploadRefused;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code PUT /v1/routes/{route}/uploads/{path...}}: an upload, its body streamed to a spool file, synced,
 * and its transfer committed before the 202; the agent then sends it as {@code PUT {route url}/{path}}. A
 * plain Vert.x route, ahead of Quarkus' body size limit, because it owns the body stream: an upload may be
 * far larger than any body the REST layer should hold. Documented in {@code META-INF/openapi.yaml}.
 */
@Singleton
public class UploadRoute {

    private static final String UPLOADS = "/uploads";

    private final Transfers transfers;
    private final OutpostConfig config;
    private final ObjectMapper json;
    private final long maxSize;

    UploadRoute(Transfers transfers, OutpostConfig config, ObjectMapper json) {
        this.transfers = transfers;
        this.config = config;
        this.json = json;
        this.maxSize = config.transfers().maxUploadSize().asLongValue();
    }

    void install(@Observes Router router) {
        PlainRoutes.serve(router, "/v1/routes/[^/]+/uploads/.*", this::receive, HttpMethod.PUT);
    }

    private void receive(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        long declared = BodyRefusal.contentLength(request);
        RoutePath at;
        try {
            at = RoutePath.of(request, UPLOADS);
        } catch (ProblemException e) {
            BodyRefusal.refuse(ctx, Math.max(0, declared), e);
            return;
        }
        String route = at.route();
        if (!config.routes().containsKey(route)) {
            BodyRefusal.refuse(ctx, Math.max(0, declared), Problems.unknownRoute(route));
            return;
        }
        if (at.path().length() <= 1) {
            BodyRefusal.refuse(ctx, Math.max(0, declared), ProblemException.invalid("An upload needs a path after "
                    + "/uploads/: it is sent as PUT {route url}/{path}.", List.of(new Problem.InvalidParam("path",
                            "must not be empty"))));
            return;
        }
        if (declared > maxSize) {
            BodyRefusal.refuse(ctx, declared, tooLarge());
            return;
        }
        long room = transfers.room();
        if (declared > room) {
            BodyRefusal.refuse(ctx, declared, noRoom("The spool's disk has no room for " + declared + " bytes "
                    + "(outpost.transfers.min-free-space is kept free)."));
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        UUID id = UUID.randomUUID();
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        Context context = Vertx.currentContext();
        transfers.spool(id, request, maxSize, room)
                .chain(size -> transfers.accept(id, route, at.target(), Transfer.Direction.UPLOAD, contentType,
                        null, size).onFailure().call(() -> transfers.discard(id)))
                .subscribe().with(t -> context.runOnContext(v -> accepted(ctx, t)),
                        failure -> context.runOnContext(v -> failed(ctx, failure)));
    }

    private void accepted(RoutingContext ctx, Transfer t) {
        try {
            ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.LOCATION, "/v1/transfers/" + t.id())
                    .end(Buffer.buffer(json.writeValueAsBytes(TransferView.of(t))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void failed(RoutingContext ctx, Throwable failure) {
        if (ctx.response().closed()) {
            return; // the client went away mid-body: the spool file is already removed
        }
        if (failure instanceof UploadRefused r) {
            BodyRefusal.refuse(ctx, r.status() == 413 ? maxSize : 0, r.status() == 413 ? tooLarge()
                    : noRoom("The body could not be stored (" + r.getMessage() + "); nothing was kept."));
        } else {
            ProblemWriter.write(ctx.response(), Problems.unavailable("The upload could not be committed ("
                    + failure.getMessage() + "); its body was removed."));
        }
    }

    private ProblemException tooLarge() {
        return BodyRefusal.tooLarge("upload-too-large", "Upload too large",
                "The body exceeds outpost.transfers.max-upload-size (" + maxSize + " bytes).");
    }

    private static ProblemException noRoom(String detail) {
        return new ProblemException(new Problem(Problems.type("insufficient-storage"), "Insufficient storage", 507,
                detail, null), Map.of());
    }
}
