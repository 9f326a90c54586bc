package io.outpost.cache;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import io.vertx.core.MultiMap;

/**
 * Conditional requests for a stored response (RFC 9110 13.1) and what a {@code 304 Not Modified} does to
 * it (RFC 9111 4.3.4): its stored header fields are replaced by those the 304 carries, its body kept.
 */
final class Revalidation {

    /** Fields a 304 must not change: they describe the stored body, which the 304 does not carry. */
    private static final Set<String> KEEP = Set.of("content-type", "content-length", "content-encoding",
            "content-range", "transfer-encoding");

    private Revalidation() {
    }

    /** Adds the validators the stored response has: its entity tag, else its modification date. */
    static MultiMap conditional(MultiMap forwarded, StoredResponse stored) {
        String etag = stored.header("ETag");
        String lastModified = stored.header("Last-Modified");
        if (etag != null) {
            forwarded.set("If-None-Match", etag);
        }
        if (lastModified != null) {
            forwarded.set("If-Modified-Since", lastModified);
        }
        return forwarded;
    }

    static boolean possible(StoredResponse stored) {
        return stored.header("ETag") != null || stored.header("Last-Modified") != null;
    }

    /** The stored response refreshed by a 304 that answered a request sent at {@code requestTime}. */
    static StoredResponse refreshed(StoredResponse stored, MultiMap notModified, Instant requestTime,
            Instant responseTime) {
        MultiMap fresh = HeaderRules.stored(notModified);
        MultiMap merged = MultiMap.caseInsensitiveMultiMap();
        for (var h : stored.headers()) {
            // the old Age belonged to the old answer: the refreshed one ages from the 304's (or from 0)
            if (h.getKey().equalsIgnoreCase("Age")) {
                continue;
            }
            if (!fresh.contains(h.getKey()) || KEEP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                merged.add(h.getKey(), h.getValue());
            }
        }
        for (var h : fresh) {
            if (!KEEP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                merged.add(h.getKey(), h.getValue());
            }
        }
        HeaderRules.withoutNoCacheFields(merged, CacheControl.parse(merged.getAll("Cache-Control")));
        return new StoredResponse(stored.status(), merged, stored.body(), requestTime, responseTime,
                stored.variant());
    }
}
