package io.outpost.upstream;

import java.nio.charset.StandardCharsets;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** An upstream's answer: status, headers, and the body (up to the size the request allowed). */
public record UpstreamResponse(int status, MultiMap headers, Buffer body) {

    /** Longest body excerpt kept as a message's lastError. */
    static final int EXCERPT = 1024;

    public String header(String name) {
        return headers.get(name);
    }

    /** The start of the body as text, for humans reading lastError. */
    String excerpt() {
        if (body == null || body.length() == 0) {
            return "";
        }
        byte[] bytes = body.getBytes(0, Math.min(body.length(), EXCERPT));
        String text = new String(bytes, StandardCharsets.UTF_8).replaceAll("\\p{Cc}", " ").trim();
        return body.length() > EXCERPT ? text + "..." : text;
    }
}
