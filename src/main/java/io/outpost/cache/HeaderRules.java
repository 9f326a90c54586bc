package io.outpost.cache;

import java.util.Locale;
import java.util.Set;

import io.vertx.core.MultiMap;

/**
 * Which header fields cross the cache. Hop-by-hop fields belong to one connection (RFC 9110 7.6.1); the
 * framing and content coding are the transport's (it decompresses); the local API token is the device's
 * secret, never the upstream's; conditional and range requests are the cache's own business; cookies set
 * by the upstream are not shared through a stored response.
 */
final class HeaderRules {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");
    private static final Set<String> NOT_FORWARDED = Set.of("host", "authorization", "content-length",
            "accept-encoding", "if-none-match", "if-modified-since", "if-match", "if-unmodified-since",
            "if-range", "range", "expect", "outpost-cache");
    // Age is kept: a stored response's current age starts from it (RFC 9111 4.2.3), and every answer
    // served replaces it with that current age.
    private static final Set<String> NOT_STORED = Set.of("content-length", "content-encoding", "set-cookie",
            "set-cookie2", "outpost-cache");

    private HeaderRules() {
    }

    /** The local request's headers worth passing upstream. */
    static MultiMap forwarded(MultiMap request) {
        return without(request, NOT_FORWARDED);
    }

    /** The upstream's response headers as the cache keeps (and serves) them. */
    static MultiMap stored(MultiMap response) {
        return without(response, NOT_STORED);
    }

    private static MultiMap without(MultiMap headers, Set<String> excluded) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        for (var h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !excluded.contains(name) && !connectionNamed(headers, name)) {
                out.add(h.getKey(), h.getValue());
            }
        }
        return out;
    }

    /** Fields a {@code Connection} header names are hop-by-hop too. */
    private static boolean connectionNamed(MultiMap headers, String name) {
        for (String value : headers.getAll("Connection")) {
            for (String token : value.split(",")) {
                if (token.trim().equalsIgnoreCase(name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
