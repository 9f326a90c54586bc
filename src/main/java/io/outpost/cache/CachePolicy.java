package io.outpost.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.outpost.upstream.HttpDate;
import io.vertx.core.MultiMap;

/**
 * RFC 9111 as a private cache on a single-user device applies it: what may be stored (3), how old a stored
 * response is (4.2.3), how long it stays fresh (4.2.1), and when it may be served stale. {@code s-maxage}
 * and {@code proxy-revalidate} are for shared caches and ignored; {@code private} responses are stored.
 * Pure: the time comes in as an argument.
 */
final class CachePolicy {

    /**
     * Statuses cacheable without explicit freshness (RFC 9110 15.1). 206 is left out: ranges are served from
     * a stored full response, never stored in parts.
     */
    private static final Set<Integer> HEURISTIC = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501);

    /** What to do with a stored response that matches the request. */
    enum Verdict {
        /** Serve it. */
        FRESH,
        /** Serve it now, stale, and refresh it in the background ({@code stale-while-revalidate}). */
        STALE_WHILE_REVALIDATE,
        /** Serve it stale, as the client's {@code max-stale} allows, without asking the upstream. */
        STALE,
        /** Ask the upstream first (a conditional request). */
        REVALIDATE
    }

    private final Optional<Duration> defaultTtl;
    private final Duration maxStale;

    CachePolicy(Optional<Duration> defaultTtl, Duration maxStale) {
        this.defaultTtl = defaultTtl;
        this.maxStale = maxStale;
    }

    /** Whether an upstream answer to a GET may be stored (its headers as {@link HeaderRules#stored} keeps them). */
    boolean storable(CacheControl request, int status, MultiMap headers) {
        CacheControl response = CacheControl.parse(headers.getAll("Cache-Control"));
        if (request.has("no-store") || response.has("no-store") || status < 200 || status == 206 || status == 304) {
            return false;
        }
        if (Variants.names(headers.getAll("Vary")).contains(Variants.ALL)) {
            return false;
        }
        boolean explicit = response.seconds("max-age").isPresent() || headers.contains("Expires");
        return HEURISTIC.contains(status) || explicit || response.has("public") || response.has("private");
    }

    /** The current age of a stored response (RFC 9111 4.2.3). */
    Duration age(StoredResponse r, Instant now) {
        Duration apparent = r.date()
                .map(date -> Duration.between(date, r.responseTime())).filter(d -> !d.isNegative())
                .orElse(Duration.ZERO);
        Duration ageValue = CacheControl.deltaSeconds(firstMember(r.header("Age"))).orElse(Duration.ZERO);
        Duration corrected = ageValue.plus(Duration.between(r.requestTime(), r.responseTime()));
        Duration initial = apparent.compareTo(corrected) > 0 ? apparent : corrected;
        Duration resident = Duration.between(r.responseTime(), now);
        return initial.plus(resident.isNegative() ? Duration.ZERO : resident);
    }

    /**
     * How long the response stays fresh from its origin (RFC 9111 4.2.1). Invalid freshness information (a
     * {@code max-age} that is not delta-seconds, such as {@code 3600.0}; an {@code Expires} that is not an
     * HTTP-date, or more than one) makes it stale at once, as RFC 9111 4.2.1 and 5.3 advise.
     */
    Duration lifetime(StoredResponse r) {
        CacheControl cc = r.cacheControl();
        if (cc.has("max-age")) {
            return cc.seconds("max-age").orElse(Duration.ZERO);
        }
        List<String> expiresLines = r.headerValues("Expires");
        if (!expiresLines.isEmpty()) {
            String expires = expiresLines.get(0);
            Optional<Instant> at = expiresLines.size() == 1 ? HttpDate.parse(expires) : Optional.empty();
            Instant date = r.date().orElse(r.responseTime());
            return at.map(e -> Duration.between(date, e)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
        }
        return defaultTtl.orElse(Duration.ZERO);
    }

    Verdict judge(StoredResponse r, CacheControl request, Instant now) {
        CacheControl response = r.cacheControl();
        if (request.has("no-cache") || noCache(response)) {
            return Verdict.REVALIDATE;
        }
        Duration age = age(r, now);
        Duration lifetime = lifetime(r);
        boolean fresh = age.compareTo(lifetime) < 0
                && request.seconds("max-age").map(max -> age.compareTo(max) <= 0).orElse(true)
                && request.seconds("min-fresh").map(min -> lifetime.minus(age).compareTo(min) >= 0).orElse(true);
        if (fresh) {
            return Verdict.FRESH;
        }
        if (!response.has("must-revalidate") && clientTakesStale(request, age.minus(lifetime))) {
            return Verdict.STALE;
        }
        if (!response.has("must-revalidate") && response.seconds("stale-while-revalidate")
                .map(window -> age.minus(lifetime).compareTo(window) <= 0).orElse(false)) {
            return Verdict.STALE_WHILE_REVALIDATE;
        }
        return Verdict.REVALIDATE;
    }

    /**
     * Whether the response may stand in for an upstream that cannot be reached or is failing: not past
     * {@code max-stale}, and not forbidden by {@code must-revalidate} or {@code no-cache} (RFC 9111 4.2.4).
     */
    boolean servableStale(StoredResponse r, Instant now) {
        CacheControl response = r.cacheControl();
        if (response.has("must-revalidate") || noCache(response)) {
            return false;
        }
        Duration staleness = age(r, now).minus(lifetime(r));
        return staleness.compareTo(maxStale) <= 0;
    }

    /**
     * {@code no-cache} without field names: every reuse is revalidated. With them ({@code no-cache="Set-Cookie"})
     * the response may be reused as it is once the named fields are left out (RFC 9111 5.2.2.4), which
     * {@link HeaderRules#withoutNoCacheFields} does when it is stored.
     */
    static boolean noCache(CacheControl response) {
        return response.has("no-cache") && response.directives().get("no-cache").isBlank();
    }

    /** The request's {@code max-stale} (RFC 9111 5.2.1.2): any staleness without a value, else up to it. */
    private static boolean clientTakesStale(CacheControl request, Duration staleness) {
        if (!request.has("max-stale")) {
            return false;
        }
        if (request.directives().get("max-stale").isEmpty()) {
            return true;
        }
        return request.seconds("max-stale").map(max -> staleness.compareTo(max) <= 0).orElse(false);
    }

    /** A list-valued {@code Age} counts by its first member (RFC 9111 5.1). */
    private static String firstMember(String value) {
        if (value == null) {
            return null;
        }
        int comma = value.indexOf(',');
        return comma < 0 ? value : value.substring(0, comma);
    }
}
