package io.outpost.cache;

import java.util.List;
import java.util.Set;

import io.outpost.upstream.HopByHop;
import io.vertx.core.MultiMap;

/**
 * Which header fields cross the cache. Hop-by-hop fields belong to one connection (RFC 9110 7.6.1); the
 * framing is the transport's, but the content coding is the response's own and is kept as it came
 * ({@link ContentCoding}); the local API token is the device's secret, never the upstream's; conditional
 * and range requests are the cache's own business (the client's validators go upstream only on a miss);
 * cookies set by the upstream are neither stored nor passed on (see {@code src/docs/caching.md}).
 */
final class HeaderRules {

    private static final Set<String> NOT_FORWARDED = Set.of("host", "authorization", "content-length",
            "accept-encoding", "if-none-match", "if-modified-since", "if-match", "if-unmodified-since",
            "if-range", "range", "expect", "outpost-cache");
    // Age is kept: a stored response's current age starts from it (RFC 9111 4.2.3), and every answer
    // served replaces it with that current age.
    private static final Set<String> NOT_STORED = Set.of("content-length", "set-cookie", "set-cookie2",
            "outpost-cache");
    /** The client's own validators: forwarded only when nothing is stored (else the cache's replace them). */
    private static final List<String> CLIENT_CONDITIONS = List.of("If-None-Match", "If-Modified-Since");

    private HeaderRules() {
    }

    /** The local request's headers worth passing upstream. */
    static MultiMap forwarded(MultiMap request) {
        return without(request, NOT_FORWARDED);
    }

    /** {@code forwarded} plus the client's {@code If-None-Match} and {@code If-Modified-Since}, for a miss. */
    static MultiMap withClientConditions(MultiMap forwarded, MultiMap request) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap().addAll(forwarded);
        for (String name : CLIENT_CONDITIONS) {
            if (request.contains(name)) {
                out.set(name, request.getAll(name));
            }
        }
        return out;
    }

    /** The upstream's response headers as the cache keeps (and serves) them. */
    static MultiMap stored(MultiMap response) {
        return without(response, NOT_STORED);
    }

    /** Without the hop-by-hop fields (RFC 9110 7.6.1), nor the {@code excluded} ones. */
    private static MultiMap without(MultiMap headers, Set<String> excluded) {
        return HopByHop.without(headers, excluded::contains);
    }

    /** The fields a response's {@code no-cache="..."} names, left out of what is stored (RFC 9111 5.2.2.4). */
    static MultiMap withoutNoCacheFields(MultiMap stored, CacheControl cc) {
        String fields = cc.directives().get("no-cache");
        if (fields == null || fields.isBlank()) {
            return stored;
        }
        for (String field : fields.split(",")) {
            if (!field.isBlank()) {
                stored.remove(field.trim());
            }
        }
        return stored;
    }
}
