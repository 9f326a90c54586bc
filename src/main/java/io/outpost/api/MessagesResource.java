package io.outpost.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.outpost.api.Problem.InvalidParam;
import io.outpost.outbox.MessageStatus;
import io.outpost.outbox.Outbox;
import io.outpost.outbox.Outbox.Change;
import io.smallrye.mutiny.Uni;

/** {@code /v1/messages}: the state of outbox messages, and the operator's cancel and retry. */
@Path("/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Outbox")
@APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHORIZED)
public class MessagesResource {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final Outbox outbox;
    private final StoreDeadline deadline;

    MessagesResource(Outbox outbox, StoreDeadline deadline) {
        this.outbox = outbox;
        this.deadline = deadline;
    }

    @GET
    @Operation(operationId = "listMessages",
            summary = "List messages, oldest first; pass a page's 'next' as 'after' to read on")
    @APIResponse(responseCode = "200", description = "A page of messages.")
    @APIResponse(responseCode = "400", description = "An invalid status, limit or after; invalid-params names each.")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<MessageJson.Page> list(@QueryParam("route") String route, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("after") String after) {
        List<InvalidParam> faults = new ArrayList<>();
        Optional<MessageStatus> statusFilter = Optional.empty();
        if (status != null) {
            try {
                statusFilter = Optional.of(MessageStatus.fromWire(status));
            } catch (IllegalArgumentException e) {
                faults.add(new InvalidParam("status",
                        "must be one of queued, delivering, delivered, dead, expired, cancelled"));
            }
        }
        int pageSize = (int) number(limit, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT, faults);
        long cursor = number(after, "after", 0, Long.MAX_VALUE, 0, faults);
        if (!faults.isEmpty()) {
            throw ProblemException.invalid("The query has invalid parameters; see invalid-params.", faults);
        }
        return deadline.bound(outbox.list(Optional.ofNullable(route), statusFilter, cursor, pageSize)).map(page -> {
            List<MessageJson.Message> items = page.items().stream().map(MessageJson.Message::of).toList();
            String next = page.items().isEmpty() ? null
                    : Long.toString(page.items().get(page.items().size() - 1).cursor());
            return new MessageJson.Page(items, next, page.hasMore());
        });
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getMessage", summary = "A message's delivery state")
    @APIResponse(responseCode = "200", description = "The message.")
    @APIResponse(responseCode = "404", description = "No such message.")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<MessageJson.Message> get(@PathParam("id") String id) {
        return deadline.bound(outbox.find(parse(id))).map(m -> MessageJson.Message.of(m.orElseThrow(() -> Problems.unknownMessage(id))));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "cancelMessage", summary = "Cancel a queued or dead message (409 in any other state)")
    @APIResponse(responseCode = "200", description = "The message, now cancelled.")
    @APIResponse(responseCode = "404", description = "No such message.")
    @APIResponse(responseCode = "409", description = "The message is neither queued nor dead (invalid-state).")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<MessageJson.Message> cancel(@PathParam("id") String id) {
        return deadline.bound(outbox.cancel(parse(id))).map(c -> outcome(c, id, "cancelled", "queued or dead"));
    }

    @POST
    @Path("{id}/retry")
    @Operation(operationId = "retryMessage",
            summary = "Queue a dead or expired message again (409 in any other state)")
    @APIResponse(responseCode = "200", description = "The message, queued again.")
    @APIResponse(responseCode = "404", description = "No such message.")
    @APIResponse(responseCode = "409", description = "The message is neither dead nor expired (invalid-state).")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<MessageJson.Message> retry(@PathParam("id") String id) {
        return deadline.bound(outbox.retry(parse(id))).map(c -> outcome(c, id, "retried", "dead or expired"));
    }

    private static MessageJson.Message outcome(Change change, String id, String verb, String allowed) {
        if (change instanceof Change.Done done) {
            return MessageJson.Message.of(done.message());
        }
        if (change instanceof Change.Conflict conflict) {
            throw ProblemException.of(409, "invalid-state", "Message in the wrong state", "Message " + id + " is "
                    + conflict.status().wire() + "; only a " + allowed + " message can be " + verb + ".");
        }
        throw Problems.unknownMessage(id);
    }

    private static UUID parse(String id) {
        return Problems.id(id, Problems::unknownMessage);
    }

    private static long number(String value, String name, long min, long max, long fallback, List<InvalidParam> faults) {
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        faults.add(new InvalidParam(name, "must be an integer from " + min + " to " + max));
        return fallback;
    }
}
