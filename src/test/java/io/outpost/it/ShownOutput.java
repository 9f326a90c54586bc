package io.outpost.it;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Whether a command's real output is what the README shows for it. Ids, times and counts that depend on the
 * moment differ from run to run; everything else must be as shown: the same lines, the same headers, JSON with
 * the same fields (no field missing, none added) and the same values for the fields that do not vary.
 */
final class ShownOutput {

    /** JSON fields whose value depends on the run: only their kind (null, text, number) must match. */
    private static final Set<String> VARYING = Set.of("id", "acceptedAt", "expiresAt", "nextAttemptAt",
            "deliveredAt", "since", "lastCheckAt", "latencyMs", "attempts", "failedTotal", "oldestQueuedAgeSeconds");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern LOG_TIME = Pattern.compile("\\[\\d\\d/\\w{3}/\\d{4} [\\d:]{8}\\]");
    private static final Pattern HEADER = Pattern.compile("^([A-Za-z0-9-]+): (.*)$");

    private ShownOutput() {
    }

    /** The differences between the shown and the real output; none when they match. */
    static List<String> differences(List<String> shown, String actual) {
        List<String> expected = trim(shown);
        List<String> real = trim(List.of(actual.replace("\r", "").split("\n", -1)));
        List<String> diffs = new ArrayList<>();
        if (expected.size() != real.size()) {
            diffs.add(expected.size() + " lines shown, " + real.size() + " printed");
            return diffs;
        }
        for (int i = 0; i < expected.size(); i++) {
            line(expected.get(i), real.get(i), diffs);
        }
        return diffs;
    }

    /** Whether {@code shown} lines appear in {@code printed}, in this order (other lines may come between). */
    static boolean appearsIn(List<String> shown, String printed) {
        int at = 0;
        List<String> lines = List.of(printed.replace("\r", "").split("\n"));
        for (String line : lines) {
            if (at < shown.size() && mask(line).equals(mask(shown.get(at)))) {
                at++;
            }
        }
        return at == shown.size();
    }

    private static void line(String shown, String real, List<String> diffs) {
        if (shown.startsWith("{") || shown.startsWith("[")) {
            try {
                json("$", Json.decodeValue(shown), Json.decodeValue(real), diffs);
            } catch (DecodeException e) {
                diffs.add("not the JSON shown: " + real);
            }
            return;
        }
        Matcher header = HEADER.matcher(shown);
        if (header.matches()) {
            String value = header.group(1).equalsIgnoreCase("content-length") ? "\\d+" : Pattern.quote(mask(header.group(2)));
            if (!mask(real).matches("(?i)" + Pattern.quote(header.group(1)) + ": " + value)) {
                diffs.add("header shown as '" + shown + "', printed '" + real + "'");
            }
        } else if (!mask(shown).equals(mask(real))) {
            diffs.add("shown '" + shown + "', printed '" + real + "'");
        }
    }

    private static void json(String path, Object shown, Object real, List<String> diffs) {
        if (shown instanceof JsonObject s && real instanceof JsonObject r) {
            if (!s.fieldNames().equals(r.fieldNames())) {
                diffs.add(path + ": fields shown " + s.fieldNames() + ", printed " + r.fieldNames());
                return;
            }
            for (String name : s.fieldNames()) {
                if (VARYING.contains(name)) {
                    if (kind(s.getValue(name)) != kind(r.getValue(name))) {
                        diffs.add(path + "." + name + ": shown " + s.getValue(name) + ", printed " + r.getValue(name));
                    }
                } else {
                    json(path + "." + name, s.getValue(name), r.getValue(name), diffs);
                }
            }
        } else if (shown instanceof JsonArray s && real instanceof JsonArray r && s.size() == r.size()) {
            for (int i = 0; i < s.size(); i++) {
                json(path + "[" + i + "]", s.getValue(i), r.getValue(i), diffs);
            }
        } else if (!same(shown, real)) {
            diffs.add(path + ": shown " + shown + ", printed " + real);
        }
    }

    private static boolean same(Object shown, Object real) {
        if (shown instanceof Number s && real instanceof Number r) {
            return new BigDecimal(s.toString()).compareTo(new BigDecimal(r.toString())) == 0;
        }
        return shown == null ? real == null : shown.equals(real);
    }

    private static Class<?> kind(Object value) {
        return value == null ? Void.class : value instanceof Number ? Number.class : value.getClass();
    }

    private static String mask(String line) {
        return LOG_TIME.matcher(UUID.matcher(line).replaceAll("<id>")).replaceAll("[<time>]");
    }

    private static List<String> trim(List<String> lines) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        return lines.subList(0, end);
    }
}
