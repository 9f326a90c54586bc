package io.outpost.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

import io.outpost.config.RouteBatchConfig;
import io.outpost.config.RouteBatchConfig.Format;
import io.vertx.core.buffer.Buffer;

/**
 * Which messages a batch may carry and how their bodies make one body. Pure. A member must be a POST to the
 * route URL itself (no sub-path), declared JSON ({@code application/json} or {@code +json}) and be one
 * well-formed JSON value, small enough for {@code max-bytes}; for ndjson without a raw line break (a body
 * spread over lines would read as several records). Anything else goes alone: wrapping a body the format
 * cannot hold would change what the upstream receives.
 */
final class BatchFormat {

    /** Lists the members' own idempotency keys, in body order (RFC 8941 list of strings). */
    static final String KEYS_HEADER = "Outpost-Batch-Keys";
    private static final JsonFactory JSON = new JsonFactory();

    private BatchFormat() {
    }

    static boolean fits(Claimed m, RouteBatchConfig config) {
        if (!"POST".equals(m.method()) || (m.subpath() != null && !m.subpath().isEmpty()) || !json(m.contentType())
                || m.body() == null || m.body().length() > config.maxBytes()) {
            return false;
        }
        byte[] body = m.body().getBytes();
        if (config.format() == Format.NDJSON) {
            for (byte b : body) {
                if (b == '\n' || b == '\r') {
                    return false;
                }
            }
        }
        return oneJsonValue(body);
    }

    static String contentType(Format format) {
        return format == Format.NDJSON ? "application/x-ndjson" : "application/json";
    }

    /** ndjson: every body followed by a line feed; json-array: the bodies as elements of one array. */
    static Buffer body(List<Claimed> members, Format format) {
        int size = 2;
        for (Claimed m : members) {
            size += m.body().length() + 1;
        }
        Buffer out = Buffer.buffer(size);
        boolean array = format == Format.JSON_ARRAY;
        if (array) {
            out.appendByte((byte) '[');
        }
        for (int i = 0; i < members.size(); i++) {
            if (array && i > 0) {
                out.appendByte((byte) ',');
            }
            out.appendBuffer(members.get(i).body());
            if (!array) {
                out.appendByte((byte) '\n');
            }
        }
        return array ? out.appendByte((byte) ']') : out;
    }

    /**
     * The batch's own idempotency key: the same for the same members in the same order on every attempt (a
     * name-based UUID of their ids), so a retried batch is recognisably the same; one member keeps its own.
     */
    static String key(List<Claimed> members) {
        if (members.size() == 1) {
            return members.get(0).deliveryKey();
        }
        ByteBuffer ids = ByteBuffer.allocate(16 * members.size());
        members.forEach(m -> ids.putLong(m.id().getMostSignificantBits()).putLong(m.id().getLeastSignificantBits()));
        return "batch-" + UUID.nameUUIDFromBytes(ids.array());
    }

    /** {@code "k1","k2"}: each member's key as an RFC 8941 string ({@code \} and {@code "} escaped). */
    static String keys(List<Claimed> members) {
        StringBuilder out = new StringBuilder(members.size() * 40);
        for (Claimed m : members) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append('"').append(m.deliveryKey().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.toString();
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static boolean oneJsonValue(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
