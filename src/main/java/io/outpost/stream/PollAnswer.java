package io.outpost.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.outpost.config.StreamConfig.PollFormat;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads one long-poll answer, in the shapes long-poll APIs use: Outpost's envelope
 * {@code {"events":[...],"cursor":"..."}}, a bare JSON array of events, or NDJSON (one event a line); a 204
 * or an empty 200 is "nothing yet". An event is an object whose {@code id-field} is its id, {@code event} its
 * type and {@code data} its data (a string as is, anything else as its JSON text); an object without
 * {@code data} is itself the data, and so is a value that is not an object. Pure: no I/O, no clock.
 *
 * <p>The whole answer is read or none of it: a malformed line fails the poll, so nothing of it is stored and
 * the same poll (same cursor) is asked again after the backoff.
 */
final class PollAnswer {

    /**
     * What a poll brought: its events in order, and the cursor of the next poll, null to keep the current
     * one (no events and no envelope cursor).
     */
    record Parsed(List<Incoming> events, String cursor) {
    }

    /** An answer the shape cannot read. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final PollFormat format;
    private final String idField;

    PollAnswer(PollFormat format, String idField) {
        this.format = format;
        this.idField = idField;
    }

    /** Reads an answer; {@code contentType} may be null. Throws {@link Malformed}. */
    Parsed parse(int status, String contentType, String body) {
        if (status == 204 || (status == 200 && body.isBlank())) {
            return new Parsed(List.of(), null);
        }
        if (status != 200) {
            throw new Malformed("poll answered " + status);
        }
        return switch (format == PollFormat.AUTO ? detect(contentType, body) : format) {
            case ENVELOPE -> envelope(object(body));
            case JSON_ARRAY -> events(array(body), null);
            default -> ndjson(body);
        };
    }

    private static PollFormat detect(String contentType, String body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("ndjson") || type.contains("jsonl") || type.contains("json-seq")
                || type.contains("jsonlines")) {
            return PollFormat.NDJSON;
        }
        String trimmed = body.strip();
        if (trimmed.startsWith("[")) {
            return PollFormat.JSON_ARRAY;
        }
        if (trimmed.startsWith("{")) {
            // one object with an events array is the envelope; one without is a single NDJSON line
            try {
                return new JsonObject(trimmed).getValue("events") instanceof JsonArray ? PollFormat.ENVELOPE
                        : PollFormat.NDJSON;
            } catch (DecodeException | ClassCastException e) {
                return PollFormat.NDJSON; // several lines
            }
        }
        return PollFormat.NDJSON;
    }

    private Parsed envelope(JsonObject answer) {
        Object events = answer.getValue("events");
        if (events != null && !(events instanceof JsonArray)) {
            throw new Malformed("poll answer's \"events\" is not an array");
        }
        Object cursor = answer.getValue("cursor");
        return events(events == null ? new JsonArray() : (JsonArray) events, cursor == null ? null : cursor.toString());
    }

    private Parsed ndjson(String body) {
        JsonArray values = new JsonArray();
        int n = 0;
        for (String line : body.split("\r?\n")) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            // RFC 7464 JSON text sequences start each record with RS
            String text = line.charAt(0) == '\u001e' ? line.substring(1) : line;
            try {
                values.add(Json.decodeValue(text));
            } catch (DecodeException e) {
                throw new Malformed("poll answer line " + n + " is not JSON: " + e.getMessage());
            }
        }
        return events(values, null);
    }

    private Parsed events(JsonArray values, String cursor) {
        List<Incoming> events = new ArrayList<>(values.size());
        for (Object value : values) {
            events.add(event(value));
        }
        String next = cursor;
        for (int i = events.size() - 1; next == null && i >= 0; i--) {
            next = events.get(i).id(); // no envelope cursor: the last event that has an id
        }
        return new Parsed(events, next);
    }

    private Incoming event(Object value) {
        if (!(value instanceof JsonObject e)) {
            return new Incoming(null, null, text(value));
        }
        Object id = e.getValue(idField);
        Object type = e.getValue("event");
        String data = e.containsKey("data") ? text(e.getValue("data")) : e.encode();
        return new Incoming(id == null ? null : id.toString(), type == null ? null : type.toString(), data);
    }

    private static String text(Object value) {
        return value == null ? "" : value instanceof String s ? s : Json.encode(value);
    }

    private static JsonObject object(String body) {
        try {
            return new JsonObject(body.strip());
        } catch (DecodeException | ClassCastException e) {
            throw new Malformed("poll answer is not a JSON object: " + e.getMessage());
        }
    }

    private static JsonArray array(String body) {
        try {
            return new JsonArray(body.strip());
        } catch (DecodeException | ClassCastException e) {
            throw new Malformed("poll answer is not a JSON array: " + e.getMessage());
        }
    }
}
