package io.outpost.cache;

import java.util.Locale;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * What a cached read answers: status, headers (with {@code Outpost-Cache} and {@code Age}), body.
 */
public record Served(int status, MultiMap headers, Buffer body) {

    /** The values of {@code Outpost-Cache}. */
    public enum Result {
        HIT, MISS, STALE, REVALIDATED;

        String header() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Served of(StoredResponse stored, Result result, long ageSeconds) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(stored.headers());
        headers.set("Age", Long.toString(ageSeconds));
        headers.set("Outpost-Cache", result.header());
        return new Served(stored.status(), headers, stored.body());
    }

    /**
     * An upstream answer passed on as it came (not stored). It gets an {@code Age} too (0 unless the
     * upstream sent one), like every answer of a cached read.
     */
    static Served passed(int status, MultiMap upstreamHeaders, Buffer body) {
        MultiMap headers = HeaderRules.stored(upstreamHeaders);
        if (!headers.contains("Age")) {
            headers.set("Age", "0");
        }
        headers.set("Outpost-Cache", Result.MISS.header());
        return new Served(status, headers, body);
    }
}
