package io.outpost.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Secondary cache keys (RFC 9111 4.1): a stored response answers a request only if the request headers its
 * {@code Vary} names have the values they had when it was stored. The values are normalised (whitespace
 * runs collapsed, list members joined by a comma) so that trivially different spellings still match.
 */
final class Variants {

    static final String ALL = "*";

    private Variants() {
    }

    /** The lower-cased header names a response varies on, in order, or {@code ["*"]}. */
    static List<String> names(List<String> varyValues) {
        List<String> names = new ArrayList<>();
        for (String value : varyValues) {
            for (String part : value.split(",")) {
                String name = part.trim().toLowerCase(Locale.ROOT);
                if (name.equals(ALL)) {
                    return List.of(ALL);
                }
                if (!name.isEmpty() && !names.contains(name)) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return names;
    }

    /** The variant key of a request for these names: {@code name=value} lines, empty when nothing varies. */
    static String key(List<String> names, Function<String, List<String>> requestHeader) {
        if (names.isEmpty()) {
            return "";
        }
        StringBuilder key = new StringBuilder();
        for (String name : names) {
            List<String> values = requestHeader.apply(name);
            key.append(name).append('=');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    key.append(',');
                }
                key.append(values.get(i).trim().replaceAll("\\s*,\\s*", ",").replaceAll("\\s+", " "));
            }
            key.append('\n');
        }
        return key.toString();
    }

    /** The variant key of a request for the stored response's {@code Vary}. */
    static String keyFor(StoredResponse stored, Function<String, List<String>> requestHeader) {
        return key(names(stored.headerValues("Vary")), requestHeader);
    }
}
