package io.outpost.api;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.outpost.connectivity.LinkMonitor;
import io.outpost.connectivity.NetworkEvents;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;

/** {@code /v1/network}: whether the agent can reach its upstreams, now and as it changes. */
@Path("/v1/network")
@Tag(name = "Network")
@APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHORIZED)
public class NetworkResource {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final LinkMonitor links;
    private final NetworkEvents events;
    private final ObjectMapper json;

    NetworkResource(LinkMonitor links, NetworkEvents events, ObjectMapper json) {
        this.links = links;
        this.events = events;
        this.json = json;
    }

    @RegisterForReflection
    record RouteLink(boolean reachable, Instant lastCheckAt, Long latencyMs, String lastError) {
    }

    @RegisterForReflection
    record Network(String state, Instant since, Map<String, RouteLink> routes) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getNetwork", summary = "online, degraded or offline, and each route's reachability")
    @APIResponse(responseCode = "200", description = "The network state.")
    public Network network() {
        Map<String, RouteLink> routes = new LinkedHashMap<>();
        links.views().forEach((name, v) -> routes.put(name,
                new RouteLink(v.reachable(), v.lastCheckAt(), v.latencyMs(), v.lastError())));
        return new Network(links.network().wire(), links.networkSince(), routes);
    }

    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "networkEvents",
            summary = "Server-sent events: the current state first, then every change")
    // The events as the wire has them; the scanner would otherwise describe JAX-RS's OutboundSseEvent class.
    @APIResponse(responseCode = "200", description = "event: network (the state), event: route (a route's "
            + "reachability) and event: stream (a stream's server refused the agent), JSON in data:; a :keep-alive comment every 15 s.",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(type = SchemaType.STRING)))
    public Multi<OutboundSseEvent> events(@Context Sse sse) {
        AtomicLong ids = new AtomicLong();
        Multi<OutboundSseEvent> changes = events.stream().map(c -> event(sse, ids.incrementAndGet(),
                NetworkEvents.Event.name(c), NetworkEvents.Event.of(c)));
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().startingAfter(KEEP_ALIVE).every(KEEP_ALIVE)
                .map(t -> sse.newEventBuilder().comment("keep-alive").build());
        OutboundSseEvent current = event(sse, 0, "network", NetworkEvents.Event.current(links));
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(current),
                Multi.createBy().merging().streams(changes, keepAlive));
    }

    private OutboundSseEvent event(Sse sse, long id, String name, NetworkEvents.Event event) {
        try {
            return sse.newEventBuilder().id(Long.toString(id)).name(name).data(json.writeValueAsString(event))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
