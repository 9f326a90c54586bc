package io.outpost.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The directives of one or more {@code Cache-Control} header values (RFC 9111 5.2): names
 * case-insensitive, arguments as tokens or quoted strings, repeated headers combined. A directive whose
 * delta-seconds argument does not parse is treated as absent for freshness, which is the safe reading.
 */
record CacheControl(Map<String, String> directives) {

    static final CacheControl NONE = new CacheControl(Map.of());

    static CacheControl parse(List<String> values) {
        Map<String, String> directives = new HashMap<>();
        for (String value : values) {
            parseInto(value, directives);
        }
        return directives.isEmpty() ? NONE : new CacheControl(Map.copyOf(directives));
    }

    private static void parseInto(String value, Map<String, String> into) {
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && (value.charAt(i) == ',' || Character.isWhitespace(value.charAt(i)))) {
                i++;
            }
            int nameStart = i;
            while (i < n && value.charAt(i) != '=' && value.charAt(i) != ',') {
                i++;
            }
            String name = value.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            String argument = "";
            if (i < n && value.charAt(i) == '=') {
                i++;
                if (i < n && value.charAt(i) == '"') {
                    StringBuilder quoted = new StringBuilder();
                    i++;
                    while (i < n && value.charAt(i) != '"') {
                        if (value.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        quoted.append(value.charAt(i++));
                    }
                    i++;
                    argument = quoted.toString();
                    while (i < n && value.charAt(i) != ',') {
                        i++;
                    }
                } else {
                    int argStart = i;
                    while (i < n && value.charAt(i) != ',') {
                        i++;
                    }
                    argument = value.substring(argStart, i).trim();
                }
            }
            if (!name.isEmpty()) {
                into.putIfAbsent(name, argument);
            }
        }
    }

    boolean has(String directive) {
        return directives.containsKey(directive);
    }

    /** A delta-seconds argument; absent when missing or malformed. Huge values are capped, not overflowed. */
    Optional<Duration> seconds(String directive) {
        return deltaSeconds(directives.get(directive));
    }

    /** A delta-seconds value (as in {@code Age}); absent when missing or malformed. */
    static Optional<Duration> deltaSeconds(String value) {
        String argument = value == null ? null : value.trim();
        if (argument == null || argument.isEmpty() || !argument.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        int zeros = 0; // leading zeros skipped by hand: a regex here was compiled on every cache hit
        while (zeros < argument.length() - 1 && argument.charAt(zeros) == '0') {
            zeros++;
        }
        String digits = argument.substring(zeros);
        return Optional.of(digits.length() > 10 ? Duration.ofSeconds(Integer.MAX_VALUE)
                : Duration.ofSeconds(Math.min(Long.parseLong(digits), Integer.MAX_VALUE)));
    }
}
