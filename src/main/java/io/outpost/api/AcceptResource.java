package io.outpost.api;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.outpost.config.OutpostConfig;
import io.outpost.outbox.AcceptOutcome;
import io.outpost.outbox.MessageRecord;
import io.outpost.outbox.NewMessage;
import io.outpost.outbox.Outbox;
import io.smallrye.mutiny.Uni;

/** {@code POST /v1/routes/{route}/messages[/{subpath}]}: hands a message to the outbox. */
@Path("/v1/routes/{route}/messages")
@Tag(name = "Outbox")
public class AcceptResource {

    private final Outbox outbox;
    private final OutpostConfig config;

    AcceptResource(Outbox outbox, OutpostConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept a message for the route's upstream",
            description = "202 once durably stored; 200 with the earlier record for a repeated Idempotency-Key.")
    public Uni<Response> accept(@PathParam("route") String route, @Context HttpHeaders headers, @Context UriInfo uri,
            byte[] body) {
        return acceptAt(route, "", headers, uri, body);
    }

    @POST
    @Path("{subpath: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept a message for a path below the route's URL")
    public Uni<Response> acceptSubpath(@PathParam("route") String route,
            @Encoded @PathParam("subpath") String subpath, @Context HttpHeaders headers, @Context UriInfo uri,
            byte[] body) {
        return acceptAt(route, "/" + subpath, headers, uri, body);
    }

    private Uni<Response> acceptAt(String route, String subpath, HttpHeaders headers, UriInfo uri, byte[] body) {
        if (!config.routes().containsKey(route)) {
            throw Problems.unknownRoute(route);
        }
        String query = uri.getRequestUri().getRawQuery();
        NewMessage message = AcceptHeaders.parse(route, query == null ? subpath : subpath + "?" + query,
                headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body, name -> orEmpty(headers.getRequestHeader(name)));
        return outbox.accept(message).map(AcceptResource::respond);
    }

    private static Response respond(AcceptOutcome outcome) {
        if (outcome instanceof AcceptOutcome.Accepted a) {
            return Response.accepted(MessageJson.Accepted.of(a.message())).header(HttpHeaders.LOCATION, location(a.message())).build();
        }
        if (outcome instanceof AcceptOutcome.Duplicate d) {
            return Response.ok(MessageJson.Message.of(d.message())).header(HttpHeaders.LOCATION, location(d.message())).build();
        }
        if (outcome instanceof AcceptOutcome.Full f) {
            return Problems.response(new Problem(Problems.type("outbox-full"), "Outbox full", 507, f.detail(), null),
                    Map.of());
        }
        ProblemException p = Problems.unavailable(((AcceptOutcome.Unavailable) outcome).detail());
        return Problems.response(p.problem(), p.headers());
    }

    /** Relative, as the contract shows it; JAX-RS would make a {@code URI} absolute. */
    private static String location(MessageRecord m) {
        return "/v1/messages/" + m.id();
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
