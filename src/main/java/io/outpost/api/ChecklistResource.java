package io.outpost.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.outpost.checklist.Checklist;
import io.outpost.checklist.Item;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** {@code GET /v1/checklist}: the network operations checklist applied to this agent's configuration and traffic. */
@Path("/v1/checklist")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
@APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHORIZED)
public class ChecklistResource {

    private final Checklist checklist;
    private final StoreDeadline deadline;

    ChecklistResource(Checklist checklist, StoreDeadline deadline) {
        this.checklist = checklist;
        this.deadline = deadline;
    }

    @RegisterForReflection
    record ItemJson(
            @Schema(description = "The check, the same for every route it applies to.") String id,
            String title,
            @Schema(enumeration = { "ok", "warn", "fail" }) String status,
            @Schema(description = "The route the item is about; absent for a check of the whole agent.")
            @JsonInclude(JsonInclude.Include.NON_NULL) String route,
            @Schema(description = "What was found and, when not ok, what to change.") String detail,
            @Schema(description = "Where the check is explained, relative to the repository: "
                    + "src/docs/checklist.md#<id>.") String docs) {
    }

    @RegisterForReflection
    record ChecklistJson(List<ItemJson> items) {
    }

    @GET
    @Operation(operationId = "getChecklist", summary = "The checklist: each check of the configuration and of "
            + "what the agent observed, ok, warn or fail")
    @APIResponse(responseCode = "200", description = "Every item: the agent's checks, then each route's.")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<ChecklistJson> checklist() {
        return deadline.bound(checklist.items()).map(items -> new ChecklistJson(items.stream()
                .map(ChecklistResource::json).toList()));
    }

    private static ItemJson json(Item i) {
        return new ItemJson(i.id(), i.title(), i.status().wire(), i.route(), i.detail(), i.docs());
    }
}
