package io.outpost.api;

import java.nio.file.Path;
import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.outpost.transfer.Transfer;
import io.outpost.transfer.TransferState;
import io.outpost.transfer.TransferView;
import io.outpost.transfer.Transfers;
import io.outpost.upstream.ByteRange;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/transfers/{id}/events} (progress as server-sent events: the current state, then changes,
 * until completed or failed) and {@code GET /v1/transfers/{id}/content} (a completed download, streamed
 * from disk with {@code sendFile}, one byte range if asked). Plain Vert.x routes, like
 * {@link StreamEventsRoute}: they own their responses, which may be long-lived or large. Documented in
 * {@code META-INF/openapi.yaml}.
 */
@Singleton
public class TransferRoutes {

    private static final long KEEP_ALIVE_MS = 15_000;

    private final Transfers transfers;
    private final ObjectMapper json;
    private final OpenResponses open;
    private final StoreDeadline deadline;

    TransferRoutes(Transfers transfers, ObjectMapper json, OpenResponses open, StoreDeadline deadline) {
        this.transfers = transfers;
        this.json = json;
        this.open = open;
        this.deadline = deadline;
    }

    void install(@Observes Router router) {
        PlainRoutes.serve(router, "/v1/transfers/([^/]+)/events", this::events, HttpMethod.GET);
        PlainRoutes.serve(router, "/v1/transfers/([^/]+)/content", this::content, HttpMethod.GET, HttpMethod.HEAD);
    }

    private void events(RoutingContext ctx) {
        Context context = Vertx.currentContext();
        HttpServerResponse response = ctx.response();
        try {
            UUID id = TransfersResource.parse(ctx.pathParam("param0"));
            deadline.bound(transfers.view(id)).subscribe().with(v -> context.runOnContext(x -> {
                if (v.isEmpty()) {
                    ProblemWriter.write(response, Problems.unknownTransfer(id.toString()));
                } else {
                    stream(response, context, id);
                }
            }), failure -> context.runOnContext(x -> failed(ctx, failure)));
        } catch (ProblemException e) {
            ProblemWriter.write(response, e);
        }
    }

    /** A store that hangs or is gone is a 503 problem (from the deadline), anything else the router's 500. */
    private static void failed(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ProblemException problem) {
            ProblemWriter.write(ctx.response(), problem);
        } else {
            ctx.fail(failure);
        }
    }

    private void stream(HttpServerResponse response, Context context, UUID id) {
        SseResponse sse = new SseResponse(response, context, KEEP_ALIVE_MS, " transfer " + id, open);
        long[] seq = { 0 };
        Cancellable subscription = transfers.progress(id).subscribe().with(
                view -> context.runOnContext(x -> write(sse, ++seq[0], view)), failure -> sse.end(), sse::end);
        sse.onClose(subscription::cancel);
    }

    private void write(SseResponse sse, long seq, TransferView view) {
        try {
            // progress is at most one event per 500 ms: a client that falls behind misses nothing but time
            sse.write("id: " + seq + "\nevent: " + (view.finished() ? view.state() : "progress") + "\ndata: "
                    + json.writeValueAsString(view) + "\n\n", () -> { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void content(RoutingContext ctx) {
        Context context = Vertx.currentContext();
        try {
            String raw = ctx.pathParam("param0");
            UUID id = TransfersResource.parse(raw);
            deadline.bound(transfers.find(id)).subscribe().with(t -> context.runOnContext(x -> {
                if (t.isEmpty()) {
                    ProblemWriter.write(ctx.response(), Problems.unknownTransfer(raw));
                } else {
                    serve(ctx, t.get());
                }
            }), failure -> context.runOnContext(x -> failed(ctx, failure)));
        } catch (ProblemException e) {
            ProblemWriter.write(ctx.response(), e);
        }
    }

    private void serve(RoutingContext ctx, Transfer t) {
        HttpServerResponse response = ctx.response();
        if (t.direction() != Transfer.Direction.DOWNLOAD || t.state() != TransferState.COMPLETED) {
            String what = t.direction() == Transfer.Direction.DOWNLOAD ? "a " + t.state().wire() + " download"
                    : "an upload (its body was sent upstream)";
            ProblemWriter.write(response, ProblemException.of(409, "transfer-not-completed", "No content yet",
                    "Transfer " + t.id() + " is " + what + "; content is served for completed downloads only."));
            return;
        }
        Path file = transfers.files().content(t.id());
        ctx.vertx().fileSystem().props(file.toString()).onComplete(props -> {
            if (props.failed()) {
                ProblemWriter.write(response, ProblemException.of(404, "content-gone", "Content gone",
                        "The file of transfer " + t.id() + " is no longer on disk."));
                return;
            }
            long size = props.result().size();
            ByteRange range = ByteRange.parse(ctx.request().getHeader("Range"), size);
            response.putHeader(HttpHeaders.CONTENT_TYPE, t.contentType() == null ? "application/octet-stream"
                    : t.contentType()).putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
            if (range == ByteRange.UNSATISFIABLE) {
                response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                ProblemWriter.write(response, ProblemException.of(416, "range-not-satisfiable",
                        "Range not satisfiable", "The file has " + size + " bytes."));
            } else if (range == null) {
                response.sendFile(file.toString());
            } else {
                response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + range.first() + "-"
                        + range.last() + "/" + size);
                response.sendFile(file.toString(), range.first(), range.length());
            }
        });
    }
}
