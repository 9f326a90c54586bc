package io.outpost.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code GET /v1/streams/{name}/events} or {@code GET /v1/messages/events} asks for. Server-sent
 * events when the client accepts {@code text/event-stream}, or names no position or wait at all; the JSON
 * long poll otherwise. The position is {@code Last-Event-ID} (what an EventSource sends when it reconnects),
 * else {@code after}, else 0 ({@code positioned} false): for a stream the oldest event kept, for the message
 * feed its newest change.
 */
record EventsRequest(boolean sse, long after, long waitMillis, int limit, boolean positioned) {

    static final long MAX_WAIT_MS = 300_000;
    private static final int DEFAULT_LIMIT = 100;
    private static final Pattern WAIT = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    static EventsRequest parse(String accept, String lastEventId, String after, String wait, String limit) {
        String a = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
        boolean sse = a.contains("text/event-stream") || (!a.contains("json") && after == null && wait == null);
        long position = 0;
        boolean positioned = true;
        if (lastEventId != null && !lastEventId.isBlank()) {
            position = number(lastEventId.trim(), "Last-Event-ID", "header");
        } else if (after != null) {
            position = number(after, "after", "query");
        } else {
            positioned = false;
        }
        return new EventsRequest(sse, position, waitMillis(wait), limit(limit), positioned);
    }

    /** The position asked for, or empty when none was named. */
    Optional<Long> position() {
        return positioned ? Optional.of(after) : Optional.empty();
    }

    private static long number(String value, String name, String in) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalid(name + " must be an event's sequence number (the id: of a served event).",
                List.of(new Problem.InvalidParam(name, in + " value '" + value + "' is not a non-negative integer")));
    }

    private static long waitMillis(String wait) {
        if (wait == null) {
            return 0;
        }
        Matcher m = WAIT.matcher(wait.trim());
        if (!m.matches()) {
            throw ProblemException.invalid("wait is a duration such as 30s, 500ms or 2m (at most 5m).",
                    List.of(new Problem.InvalidParam("wait", "'" + wait + "' is not a duration")));
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long millis = switch (unit) {
            case "ms" -> n;
            case "m" -> n * 60_000;
            default -> n * 1000;
        };
        return Math.min(millis, MAX_WAIT_MS);
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        long n = number(limit, "limit", "query");
        if (n < 1 || n > StreamEventsRoute.PAGE) {
            throw ProblemException.invalid("limit is 1-" + StreamEventsRoute.PAGE + ".",
                    List.of(new Problem.InvalidParam("limit", "'" + limit + "' is out of range")));
        }
        return (int) n;
    }
}
