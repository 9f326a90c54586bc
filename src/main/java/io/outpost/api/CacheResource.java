package io.outpost.api;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.outpost.cache.CachedReads;
import io.outpost.config.OutpostConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code DELETE /v1/cache/{route}[/{path...}][?prefix=/a/b]}: removes stored responses from both layers.
 * The path and prefix are matched against the path and query below the route as clients sent them to
 * {@code /fetch} (raw, not decoded); the prefix is a plain string prefix.
 */
@Path("/v1/cache")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cache")
@APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHORIZED)
public class CacheResource {

    private final CachedReads reads;
    private final OutpostConfig config;

    CacheResource(CachedReads reads, OutpostConfig config) {
        this.reads = reads;
        this.config = config;
    }

    @RegisterForReflection
    record Invalidated(int invalidated) {
    }

    @DELETE
    @Path("{route}")
    @Operation(operationId = "invalidateRouteCache",
            summary = "Remove a route's stored responses: all, or those whose path starts with 'prefix'")
    @APIResponse(responseCode = "200", description = "How many stored responses were removed.")
    @APIResponse(responseCode = "400", description = "A prefix that does not start with '/'.")
    @APIResponse(responseCode = "404", description = "No such route in the configuration.")
    public Uni<Invalidated> route(@PathParam("route") String route, @QueryParam("prefix") String prefix) {
        known(route);
        if (prefix != null && !prefix.startsWith("/")) {
            throw ProblemException.invalid("The prefix must be a path starting with '/'.",
                    List.of(new Problem.InvalidParam("prefix", "must start with '/'")));
        }
        return reads.invalidate(route, null, prefix).map(Invalidated::new);
    }

    @DELETE
    @Path("{route}/{path: .+}")
    @Operation(operationId = "invalidateCachedUrl",
            summary = "Remove the stored responses of one URL (path and query as fetched)")
    @APIResponse(responseCode = "200", description = "How many stored responses were removed.")
    @APIResponse(responseCode = "400", description = "A prefix given with a path: one or the other.")
    @APIResponse(responseCode = "404", description = "No such route in the configuration.")
    public Uni<Invalidated> one(@PathParam("route") String route, @Encoded @PathParam("path") String path,
            @Context UriInfo uri) {
        known(route);
        if (uri.getQueryParameters().containsKey("prefix")) {
            throw ProblemException.invalid("Give either a path or a prefix, not both.",
                    List.of(new Problem.InvalidParam("prefix", "not allowed with a path")));
        }
        String query = uri.getRequestUri().getRawQuery();
        String target = "/" + path + (query == null || query.isEmpty() ? "" : "?" + query);
        return reads.invalidate(route, target, null).map(Invalidated::new);
    }

    private void known(String route) {
        if (!config.routes().containsKey(route)) {
            throw Problems.unknownRoute(route);
        }
    }
}
