package io.outpost.api;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.outpost.fleet.Fleet;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** {@code /v1/fleet}: the agents sharing this agent's store, as the store knows them. */
@Path("/v1/fleet")
@Tag(name = "Fleet")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHORIZED)
public class FleetResource {

    private final Fleet fleet;
    private final StoreDeadline deadline;

    FleetResource(Fleet fleet, StoreDeadline deadline) {
        this.fleet = fleet;
        this.deadline = deadline;
    }

    /** A live agent: a heartbeat within its lease; {@code claims}: the messages it is delivering now. */
    @RegisterForReflection
    record AgentJson(String id, Instant since, Instant heartbeatAt, long claims) {
    }

    @GET
    @Operation(operationId = "listFleet", summary = "The live agents sharing the store, with the claims each holds")
    @APIResponse(responseCode = "200", description = "The live agents, by id (this one alone on an embedded store).")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<List<AgentJson>> agents() {
        return deadline.bound(fleet.members()).map(members -> members.stream()
                .map(m -> new AgentJson(m.id(), m.since(), m.heartbeatAt(), m.claims())).toList());
    }
}
