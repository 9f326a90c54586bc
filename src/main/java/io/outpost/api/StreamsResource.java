package io.outpost.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.outpost.config.OutpostConfig;
import io.outpost.stream.StreamStore;
import io.outpost.stream.Streams;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code /v1/streams}: the configured push channels and their state, and frames to send upstream. The
 * events themselves are served by {@link StreamEventsRoute}.
 */
@Path("/v1/streams")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Streams")
@APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHORIZED)
public class StreamsResource {

    private final Streams streams;
    private final OutpostConfig config;
    private final Clock clock;
    private final StoreDeadline deadline;

    StreamsResource(Streams streams, OutpostConfig config, Clock clock, StoreDeadline deadline) {
        this.streams = streams;
        this.config = config;
        this.clock = clock;
        this.deadline = deadline;
    }

    @RegisterForReflection
    record StreamJson(String name, String transport, String state, long reconnects, Instant lastEventAt,
            Instant lastHeartbeatAt, String lastReconnectStep, String lastReconnectReason, Long reconnectWaitMs,
            Instant nextAttemptAt, String holder) {
        static StreamJson of(Streams.View v) {
            return new StreamJson(v.name(), v.transport(), v.state(), v.reconnects(), v.lastEventAt(),
                    v.lastHeartbeatAt(), v.lastReconnectStep(), v.lastReconnectReason(), v.reconnectWaitMs(),
                    v.nextAttemptAt(), v.holder());
        }
    }

    @RegisterForReflection
    record FrameJson(long id, String stream, String status, Instant acceptedAt, Instant sentAt) {
        static FrameJson of(StreamStore.Frame f) {
            return new FrameJson(f.id(), f.stream(), f.sentAt() == null ? "queued" : "sent", f.acceptedAt(), f.sentAt());
        }
    }

    @GET
    @Operation(operationId = "listStreams", summary = "All streams, by name, with their connection state")
    @APIResponse(responseCode = "200", description = "The streams.")
    public List<StreamJson> all() {
        return streams.views().stream().map(StreamJson::of).toList();
    }

    @GET
    @Path("{name}")
    @Operation(operationId = "getStream", summary = "One stream")
    @APIResponse(responseCode = "200", description = "The stream.")
    @APIResponse(responseCode = "404", description = "No such stream in the configuration.")
    public StreamJson one(@PathParam("name") String name) {
        return streams.view(name).map(StreamJson::of).orElseThrow(() -> Problems.unknownStream(name));
    }

    @POST
    @Path("{name}/messages")
    @Operation(operationId = "sendFrame", summary = "Queue a frame for a WebSocket stream's upstream",
            description = "Durably stored, then sent in order over the live connection (text frame if the body "
                    + "is UTF-8, else binary). 202 with a Location once committed; with an Idempotency-Key used "
                    + "before on the stream, 200 with the first frame's record and nothing stored. SSE and "
                    + "long-poll streams only receive: 409.")
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "1-255 visible ASCII characters; a "
            + "repeat on the stream stores nothing and answers 200.", schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "202", description = "Durably queued.", headers = @Header(name = "Location",
            description = "/v1/streams/{name}/messages/{id}", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = FrameJson.class)))
    @APIResponse(responseCode = "200", description = "An Idempotency-Key used before on the stream: the first "
            + "frame's record; nothing stored.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = FrameJson.class)))
    @APIResponse(responseCode = "400", description = "An invalid Idempotency-Key.")
    @APIResponse(responseCode = "404", description = "No such stream in the configuration.")
    @APIResponse(responseCode = "409", description = "An SSE or long-poll stream, which only receives.")
    @APIResponse(responseCode = "413", description = "Body over outpost.outbox.max-message-size.")
    @APIResponse(responseCode = "503", description = "The store did not commit the frame; retry after Retry-After "
            + "seconds (with an Idempotency-Key to be safe).")
    public Uni<Response> send(@PathParam("name") String name, @Context HttpHeaders headers,
            @RequestBody(description = "The frame: any bytes, whatever the Content-Type.", content = @Content(
                    mediaType = MediaType.WILDCARD, schema = @Schema(type = SchemaType.STRING, format = "binary")))
            byte[] body) {
        if (!streams.exists(name)) {
            throw Problems.unknownStream(name);
        }
        String key = AcceptHeaders.idempotencyKey(headers::getRequestHeader);
        long max = config.outbox().maxMessageSize().asLongValue();
        if (body.length > max) {
            throw ProblemException.of(413, "message-too-large", "Message too large",
                    "The body exceeds outpost.outbox.max-message-size (" + max + " bytes).");
        }
        try {
            return streams.send(name, body, !utf8(body), key).map(frame -> frame.created()
                    ? Response.accepted(FrameJson.of(frame)).header("Location", location(frame)).build()
                    : Response.ok(FrameJson.of(frame)).header("Location", location(frame)).build())
                    .onFailure(e -> !(e instanceof ProblemException))
                    .transform(e -> Problems.unavailable("The frame could not be stored (" + e.getMessage() + ")."));
        } catch (Streams.ReceiveOnly e) {
            throw ProblemException.of(409, "stream-receive-only", "Stream only receives", e.getMessage());
        }
    }

    @GET
    @Path("{name}/messages/{id}")
    @Operation(operationId = "getFrame",
            summary = "A frame queued for a stream's upstream: queued, or sent (kept for outpost.outbox.retention)")
    @APIResponse(responseCode = "200", description = "The frame.")
    @APIResponse(responseCode = "404", description = "No such stream, or no such frame on it (unknown-frame).")
    @APIResponse(responseCode = "503", description = ProblemResponses.STORE_UNAVAILABLE)
    public Uni<FrameJson> frame(@PathParam("name") String name, @PathParam("id") String id) {
        if (!streams.exists(name)) {
            throw Problems.unknownStream(name);
        }
        long seq = !id.isEmpty() && id.length() <= 18 && id.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.parseLong(id) : -1;
        return deadline.bound(streams.frame(name, seq)).map(found -> found.map(FrameJson::of).orElseThrow(
                () -> ProblemException.of(404, "unknown-frame", "Unknown frame", "Stream '" + name + "' has no frame "
                        + id + " (never queued, or sent longer ago than outpost.outbox.retention).")));
    }

    private static String location(StreamStore.Frame frame) {
        return UriBuilder.fromPath("/v1/streams/{name}/messages/{id}").build(frame.stream(), frame.id()).toString();
    }

    private static boolean utf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
