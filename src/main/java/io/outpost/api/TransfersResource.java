package io.outpost.api;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.outpost.api.Problem.InvalidParam;
import io.outpost.config.OutpostConfig;
import io.outpost.config.UriEncoding;
import io.outpost.transfer.Transfer;
import io.outpost.transfer.TransferView;
import io.outpost.transfer.Transfers;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code /v1/transfers}: start a download, read a transfer's state. Uploads start with
 * {@code PUT /v1/routes/{route}/uploads/{path}} ({@link UploadRoute}); progress events and a download's
 * content are served by {@link TransferRoutes}.
 */
@Path("/v1/transfers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Transfers")
@APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHORIZED)
public class TransfersResource {

    private static final int LIST_LIMIT = 50;
    private static final int MAX_LIST_LIMIT = 500;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    /** A URL path (and query): no controls, spaces or fragment; the rest is percent-encoded (UTF-8) on the way. */
    private static final Pattern URL_PATH = Pattern.compile("/?[^\\x00-\\x20\\x7f-\\x9f#]*");

    private final Transfers transfers;
    private final OutpostConfig config;
    private final StoreDeadline deadline;

    TransfersResource(Transfers transfers, OutpostConfig config, StoreDeadline deadline) {
        this.transfers = transfers;
        this.config = config;
        this.deadline = deadline;
    }

    /** The body of {@code POST /v1/transfers}. */
    @RegisterForReflection
    public record DownloadRequest(String route, String path, String direction, String sha256) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startDownload",
            summary = "Start a download: GET {route url}/{path} into a file that resumes; 202 once committed")
    @APIResponse(responseCode = "202", description = "Committed; it runs when a place is free.",
            headers = @Header(name = "Location", description = "/v1/transfers/{id}",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TransferView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields (invalid-request, with invalid-params) or a body "
            + "that is not JSON (invalid-json).")
    @APIResponse(responseCode = "404", description = "No such route in the configuration (invalid-params: route).")
    @APIResponse(responseCode = "413", description = "A body over quarkus.http.limits.max-body-size (body-too-large).")
    @APIResponse(responseCode = "415", description = "A Content-Type other than application/json.")
    @APIResponse(responseCode = "503", description = "The store did not commit the transfer; retry after "
            + "Retry-After seconds.")
    public Uni<Response> start(DownloadRequest body) {
        if (body == null) {
            throw ProblemException.invalid("The body must be a JSON object {\"route\",\"path\",\"direction\":"
                    + "\"download\",\"sha256\"?}.", List.of(new InvalidParam("body", "required")));
        }
        List<InvalidParam> faults = new ArrayList<>();
        if (blank(body.route())) {
            faults.add(new InvalidParam("route", "required: the name of a configured route"));
        }
        if (blank(body.path())) {
            faults.add(new InvalidParam("path", "required: the path under the route's URL"));
        } else if (!URL_PATH.matcher(body.path()).matches()) {
            faults.add(new InvalidParam("path", "must be a URL path without spaces, control characters "
                    + "or a fragment (other characters are percent-encoded as UTF-8)"));
        } else if (DotSegments.in(body.path())) {
            faults.add(new InvalidParam("path", "must not have \".\" or \"..\" segments: a server that resolves "
                    + "them would serve something outside the route's URL"));
        }
        if (body.direction() == null) {
            faults.add(new InvalidParam("direction", "required: \"download\" (uploads are PUT "
                    + "/v1/routes/{route}/uploads/{path})"));
        } else if (!"download".equals(body.direction())) {
            faults.add(new InvalidParam("direction", "upload".equalsIgnoreCase(body.direction())
                    ? "uploads use PUT /v1/routes/{route}/uploads/{path} with the body; here only \"download\""
                    : "must be \"download\""));
        }
        if (body.sha256() != null && !SHA256.matcher(body.sha256()).matches()) {
            faults.add(new InvalidParam("sha256", "must be 64 hexadecimal characters"));
        }
        if (!faults.isEmpty()) {
            throw ProblemException.invalid("The transfer request has invalid fields; see invalid-params.", faults);
        }
        if (!config.routes().containsKey(body.route())) {
            throw Problems.unknownRoute(body.route(), "route");
        }
        // stored as it is sent: the transfer's record and the upstream's request show the same path
        String path = UriEncoding.target(body.path().startsWith("/") ? body.path() : "/" + body.path());
        String sha = body.sha256() == null ? null : body.sha256().toLowerCase();
        return transfers.accept(UUID.randomUUID(), body.route(), path, Transfer.Direction.DOWNLOAD, null, sha, null)
                .map(t -> Response.accepted(TransferView.of(t)).header("Location", "/v1/transfers/" + t.id())
                        .build())
                .onFailure(e -> !(e instanceof ProblemException))
                .transform(e -> Problems.unavailable("The store did not commit the transfer (" + e.getMessage()
                        + ")."));
    }

    /** The body of {@code GET /v1/transfers}. */
    @RegisterForReflection
    public record TransferList(List<TransferView> items) {
    }

    @GET
    @Operation(operationId = "listTransfers", summary = "The newest transfers, newest first (the dashboard's list)")
    @APIResponse(responseCode = "200", description = "Up to limit transfers (default 50, at most 500).")
    @APIResponse(responseCode = "400", description = "A limit that is not a whole number from 1 to 500.")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<TransferList> list(@QueryParam("limit") String limit) {
        int n = LIST_LIMIT;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LIST_LIMIT) {
                throw ProblemException.invalid("limit must be a whole number from 1 to " + MAX_LIST_LIMIT + ".",
                        List.of(new InvalidParam("limit", "must be 1-" + MAX_LIST_LIMIT)));
            }
        }
        return deadline.bound(transfers.newest(n)).map(TransferList::new);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getTransfer", summary = "A transfer's state, progress, rate and ETA")
    @APIResponse(responseCode = "200", description = "The transfer.")
    @APIResponse(responseCode = "404", description = "No such transfer.")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<TransferView> get(@PathParam("id") String id) {
        return deadline.bound(transfers.view(parse(id))).map(v -> v.orElseThrow(() -> Problems.unknownTransfer(id)));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteTransfer",
            summary = "Remove a finished transfer and its downloaded file now (409 while it is under way)")
    @APIResponse(responseCode = "204", description = "Removed, with its file.")
    @APIResponse(responseCode = "404", description = "No such transfer.")
    @APIResponse(responseCode = "409", description = "Still queued, running or paused (transfer-not-finished).")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<Response> remove(@PathParam("id") String id) {
        return deadline.bound(transfers.remove(parse(id))).map(r -> switch (r) {
            case REMOVED -> Response.noContent().build();
            case UNKNOWN -> throw Problems.unknownTransfer(id);
            case UNFINISHED -> throw ProblemException.of(409, "transfer-not-finished", "Transfer under way",
                    "Transfer " + id + " has not finished; only a completed or failed transfer can be removed.");
        });
    }

    static UUID parse(String id) {
        return Problems.id(id, Problems::unknownTransfer);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
