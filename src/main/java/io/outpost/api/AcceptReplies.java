package io.outpost.api;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.outpost.outbox.AcceptOutcome;
import io.outpost.outbox.MessageRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** The answer to a message handed to the outbox: 202 (or 200 for a repeated key), 507 full, 503 store down. */
final class AcceptReplies {

    private AcceptReplies() {
    }

    /** @param headers added to a 202 or 200 (what the fetch fallback says of why it queued) */
    static void write(HttpServerResponse response, AcceptOutcome outcome, ObjectMapper json,
            Map<String, String> headers) {
        if (outcome instanceof AcceptOutcome.Accepted a) {
            writeJson(response, 202, a.message(), MessageJson.Accepted.of(a.message()), json, headers);
        } else if (outcome instanceof AcceptOutcome.Duplicate d) {
            writeJson(response, 200, d.message(), MessageJson.Message.of(d.message()), json, headers);
        } else if (outcome instanceof AcceptOutcome.Full f) {
            ProblemWriter.write(response, new Problem(Problems.type("outbox-full"), "Outbox full", 507, f.detail(),
                    null), Map.of());
        } else {
            ProblemWriter.write(response, Problems.unavailable(((AcceptOutcome.Unavailable) outcome).detail()));
        }
    }

    private static void writeJson(HttpServerResponse response, int status, MessageRecord message, Object body,
            ObjectMapper json, Map<String, String> headers) {
        if (response.ended()) {
            return;
        }
        try {
            headers.forEach(response::putHeader);
            response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.LOCATION, "/v1/messages/" + message.id())
                    .end(Buffer.buffer(json.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
