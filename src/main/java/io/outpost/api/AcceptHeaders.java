package io.outpost.api;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.outpost.api.Problem.InvalidParam;
import io.outpost.outbox.NewMessage;

/**
 * Reads and checks the optional headers of an accept request. Every fault is collected, so one 400
 * names them all.
 */
final class AcceptHeaders {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String PRIORITY = "Outpost-Priority";
    static final String ORDERING_KEY = "Outpost-Ordering-Key";
    static final String TTL = "Outpost-TTL";
    static final String METHOD = "Outpost-Method";

    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Pattern NO_CONTROLS = Pattern.compile("[^\\p{Cntrl}]{1,255}");
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Ten years: long enough for any real deadline, short enough that now + TTL cannot overflow. */
    private static final int MAX_TTL_YEARS = 10;

    private final List<InvalidParam> faults = new ArrayList<>();
    private final Function<String, List<String>> headers;

    private AcceptHeaders(Function<String, List<String>> headers) {
        this.headers = headers;
    }

    /** @param headers all values of a header by name; an empty list when absent */
    static NewMessage parse(String route, String subpath, String contentType, byte[] body,
            Function<String, List<String>> headers) {
        AcceptHeaders h = new AcceptHeaders(headers);
        String idempotencyKey = h.idempotencyKey();
        String orderingKey = h.single(ORDERING_KEY).map(v -> h.check(ORDERING_KEY, v, NO_CONTROLS,
                "must be 1-255 characters without control characters")).orElse(null);
        int priority = h.single(PRIORITY).map(h::priority).orElse(NewMessage.DEFAULT_PRIORITY);
        Optional<Duration> ttl = h.single(TTL).map(h::ttl);
        String method = h.single(METHOD).map(h::method).orElse("POST");
        h.failOnFaults();
        return new NewMessage(route, subpath, method, contentType, body, priority, orderingKey, idempotencyKey, ttl);
    }

    /** The {@code Idempotency-Key} of a request that takes no other accept header (a stream frame); null if none. */
    static String idempotencyKey(Function<String, List<String>> headers) {
        AcceptHeaders h = new AcceptHeaders(headers);
        String key = h.idempotencyKey();
        h.failOnFaults();
        return key;
    }

    /** One 400 that names every fault found. */
    private void failOnFaults() {
        if (!faults.isEmpty()) {
            throw ProblemException.invalid("The request has invalid headers; see invalid-params.", faults);
        }
    }

    private String idempotencyKey() {
        return single(IDEMPOTENCY_KEY).map(v -> check(IDEMPOTENCY_KEY, v, VISIBLE_ASCII,
                "must be 1-255 visible ASCII characters (no spaces)")).orElse(null);
    }

    private Optional<String> single(String name) {
        List<String> values = headers.apply(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            faults.add(new InvalidParam(name, "must be given once, not " + values.size() + " times"));
            return Optional.empty();
        }
        return Optional.of(values.get(0));
    }

    private String check(String name, String value, Pattern pattern, String reason) {
        if (!pattern.matcher(value).matches()) {
            faults.add(new InvalidParam(name, reason));
            return null;
        }
        return value;
    }

    private int priority(String value) {
        String v = value.trim();
        if (v.length() == 1 && v.charAt(0) >= '0' && v.charAt(0) <= '9') {
            return v.charAt(0) - '0';
        }
        faults.add(new InvalidParam(PRIORITY, "must be an integer from 0 (most urgent) to 9, got '" + clip(value) + "'"));
        return NewMessage.DEFAULT_PRIORITY;
    }

    private Duration ttl(String value) {
        String v = value.trim();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Duration ttl = null;
        try {
            ttl = v.chars().allMatch(c -> c >= '0' && c <= '9') && !v.isEmpty() && v.length() <= 12
                    ? Duration.ofSeconds(Long.parseLong(v))
                    : IsoDuration.parse(v, now);
        } catch (DateTimeException | ArithmeticException e) { // DateTimeException: a calendar overflow too
            // reported below
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()
                || ttl.compareTo(Duration.between(now, now.plusYears(MAX_TTL_YEARS))) > 0) {
            faults.add(new InvalidParam(TTL, "must be a positive number of seconds or an ISO-8601 duration "
                    + "such as PT30M or P1W, at most " + MAX_TTL_YEARS + " years; got '" + clip(value) + "'"));
            return null;
        }
        return ttl;
    }

    private String method(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(v)) {
            faults.add(new InvalidParam(METHOD, "must be POST, PUT, PATCH or DELETE, got '" + clip(value) + "'"));
            return null;
        }
        return v;
    }

    /** Echoes at most 40 characters of a bad value, so a faulty header cannot bloat or garble the answer. */
    private static String clip(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
