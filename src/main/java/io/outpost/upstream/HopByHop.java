package io.outpost.upstream;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import io.vertx.core.MultiMap;

/**
 * The header fields that belong to one connection and never cross an intermediary (RFC 9110 7.6.1): the
 * fixed ones and those a {@code Connection} field names.
 */
public final class HopByHop {

    private static final Set<String> FIELDS = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private HopByHop() {
    }

    /** A copy of {@code headers} without hop-by-hop fields, nor those {@code dropped} takes (lower-case names). */
    public static MultiMap without(MultiMap headers, Predicate<String> dropped) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        for (var h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!FIELDS.contains(name) && !dropped.test(name) && !connectionNamed(headers, name)) {
                out.add(h.getKey(), h.getValue());
            }
        }
        return out;
    }

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
