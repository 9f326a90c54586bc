package io.outpost.api;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
    private final StoreDeadline deadline;

    CacheResource(CachedReads reads, OutpostConfig config, StoreDeadline deadline) {
        this.reads = reads;
        this.config = config;
        this.deadline = deadline;
    }

    @RegisterForReflection
    record Invalidated(int invalidated) {
    }

    @DELETE
    @Path("{route}")
    @Operation(operationId = "invalidateRouteCache",
            summary = "Remove a route's stored responses: all, or those whose path starts with 'prefix'")
    @Parameter(name = "prefix", in = ParameterIn.QUERY, description = "A raw path prefix starting with '/'; the "
            + "only parameter: any other is refused.", schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", description = "How many stored responses were removed.")
    @APIResponse(responseCode = "400", description = "A prefix that is empty, does not start with '/' or holds "
            + "control characters, or an unknown query parameter; nothing is removed.")
    @APIResponse(responseCode = "404", description = "No such route in the configuration.")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<Invalidated> route(@PathParam("route") String route, @Context UriInfo uri) {
        known(route);
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        // A misspelt parameter (?prefx=/a) must not widen the call to every stored response of the route.
        List<Problem.InvalidParam> unknown = query.keySet().stream().filter(k -> !k.equals("prefix"))
                .map(k -> new Problem.InvalidParam(k, "unknown parameter; the only one is 'prefix'")).toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.invalid("Unknown query parameter: only 'prefix' narrows an invalidation.", unknown);
        }
        if (query.containsKey("prefix") && query.get("prefix").size() > 1) {
            throw ProblemException.invalid("Give one prefix per invalidation.",
                    List.of(new Problem.InvalidParam("prefix", "given more than once")));
        }
        String prefix = query.getFirst("prefix");
        if (prefix != null && (!prefix.startsWith("/") || prefix.chars().anyMatch(Character::isISOControl))) {
            throw ProblemException.invalid("The prefix must be a path starting with '/' (raw, as fetched).",
                    List.of(new Problem.InvalidParam("prefix", "must start with '/' and hold no control characters")));
        }
        return deadline.bound(reads.invalidate(route, null, prefix)).map(Invalidated::new);
    }

    @DELETE
    @Path("{route}/{path: .+}")
    @Operation(operationId = "invalidateCachedUrl",
            summary = "Remove the stored responses of one URL (path and query as fetched)")
    @APIResponse(responseCode = "200", description = "How many stored responses were removed.")
    @APIResponse(responseCode = "400", description = "A prefix given with a path: one or the other.")
    @APIResponse(responseCode = "404", description = "No such route in the configuration.")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<Invalidated> one(@PathParam("route") String route, @Encoded @PathParam("path") String path,
            @Context UriInfo uri) {
        known(route);
        if (uri.getQueryParameters().containsKey("prefix")) {
            throw ProblemException.invalid("Give either a path or a prefix, not both.",
                    List.of(new Problem.InvalidParam("prefix", "not allowed with a path")));
        }
        String query = uri.getRequestUri().getRawQuery();
        String target = "/" + path + (query == null || query.isEmpty() ? "" : "?" + query);
        return deadline.bound(reads.invalidate(route, target, null)).map(Invalidated::new);
    }

    private void known(String route) {
        if (!config.routes().containsKey(route)) {
            throw Problems.unknownRoute(route);
        }
    }
}
