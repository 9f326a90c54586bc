package io.outpost.cache;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.outpost.upstream.HttpDate;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A response held by the cache, with what RFC 9111 needs to judge it: when it was requested and received,
 * and the request header values it was chosen by ({@code Vary}). Never changed once built: a revalidation
 * makes a new one, so every layer and reader may share it.
 *
 * @param headers the upstream's headers, without hop-by-hop and framing fields (see {@link HeaderRules})
 * @param variant the {@code Vary}-named request header values, normalised ({@link Variants})
 * @param cacheControl its {@code Cache-Control}, parsed once: every read judges freshness with it
 * @param date its {@code Date}, parsed once for the same reason
 */
record StoredResponse(int status, MultiMap headers, Buffer body, Instant requestTime, Instant responseTime,
        String variant, CacheControl cacheControl, Optional<Instant> date) {

    /** Header and bookkeeping overhead counted on top of the body, so that empty bodies still weigh. */
    private static final int OVERHEAD = 256;

    StoredResponse(int status, MultiMap headers, Buffer body, Instant requestTime, Instant responseTime,
            String variant) {
        this(status, headers, body, requestTime, responseTime, variant,
                CacheControl.parse(headers.getAll("Cache-Control")), HttpDate.parse(headers.get("Date")));
    }

    String header(String name) {
        return headers.get(name);
    }

    List<String> headerValues(String name) {
        return headers.getAll(name);
    }

    /** Approximate bytes held: the body plus headers plus a fixed overhead. */
    int weight() {
        int w = OVERHEAD + body.length();
        for (var h : headers) {
            w += h.getKey().length() + h.getValue().length() + 4;
        }
        return w;
    }
}
