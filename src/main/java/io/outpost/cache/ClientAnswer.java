package io.outpost.cache;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.outpost.upstream.ByteRange;
import io.outpost.upstream.HttpDate;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * What the local client gets of an answer, by its own request: its preconditions answered from the
 * response (RFC 9110 13.2.2: {@code If-Match}, {@code If-Unmodified-Since}, {@code If-None-Match}, then
 * {@code If-Modified-Since}), the content coding undone only if it cannot take it ({@link ContentCoding}),
 * then its {@code Range} (RFC 9110 14), honoured only while {@code If-Range} still names the response.
 * Only a 200 is narrowed: anything else is passed as it is. Pure.
 */
final class ClientAnswer {

    private ClientAnswer() {
    }

    static Served shape(Served served, MultiMap request, int maxBytes) {
        if (served.status() != 200) {
            return served;
        }
        MultiMap headers = served.headers();
        if (!preconditionsHold(request, headers)) {
            return new Served(412, headers, Buffer.buffer());
        }
        if (notModified(request, headers)) {
            return notModified(served);
        }
        Served decoded = ContentCoding.forClient(served, request.getAll("Accept-Encoding"), maxBytes);
        String range = request.get("Range");
        if (range == null || !ifRangeHolds(request.get("If-Range"), decoded.headers())) {
            return decoded;
        }
        long size = decoded.body().length();
        ByteRange r = ByteRange.parse(range, size);
        if (r == null) {
            return decoded;
        }
        MultiMap out = MultiMap.caseInsensitiveMultiMap().addAll(decoded.headers());
        if (r == ByteRange.UNSATISFIABLE) {
            out.set("Content-Range", "bytes */" + size);
            out.remove("Content-Type");
            return new Served(416, out, Buffer.buffer());
        }
        out.set("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size);
        return new Served(206, out, decoded.body().getBuffer((int) r.first(), (int) r.last() + 1));
    }

    /** {@code If-Match} and {@code If-Unmodified-Since}: false means 412. */
    private static boolean preconditionsHold(MultiMap request, MultiMap headers) {
        String ifMatch = request.get("If-Match");
        if (ifMatch != null) {
            return ifMatch.trim().equals("*") || matches(ifMatch, headers.get("ETag"), true);
        }
        Optional<Instant> since = singleDate(request.getAll("If-Unmodified-Since"));
        if (since.isEmpty()) {
            return true; // the usual case: no date to parse on a hit
        }
        Optional<Instant> modified = HttpDate.parse(headers.get("Last-Modified"));
        return modified.isEmpty() || !modified.get().isAfter(since.get());
    }

    private static boolean notModified(MultiMap request, MultiMap headers) {
        String ifNoneMatch = request.get("If-None-Match");
        if (ifNoneMatch != null) {
            return ifNoneMatch.trim().equals("*") || matches(ifNoneMatch, headers.get("ETag"), false);
        }
        Optional<Instant> since = singleDate(request.getAll("If-Modified-Since"));
        if (since.isEmpty()) {
            return false;
        }
        // a cache without Last-Modified goes by the Date (RFC 9111 4.3.2)
        Optional<Instant> modified = HttpDate.parse(headers.get("Last-Modified"))
                .or(() -> HttpDate.parse(headers.get("Date")));
        return modified.isPresent() && !modified.get().isAfter(since.get());
    }

    /** A 304 carries the validators and caching fields, not what describes the body it leaves out. */
    private static Served notModified(Served served) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(served.headers());
        for (String name : List.of("Content-Type", "Content-Encoding", "Content-Range", "Content-Language")) {
            headers.remove(name);
        }
        return new Served(304, headers, Buffer.buffer());
    }

    /** A date condition with one valid HTTP-date; any other value is ignored (RFC 9110 13.1.3, 13.1.4). */
    private static Optional<Instant> singleDate(List<String> values) {
        return values.size() == 1 ? HttpDate.parse(values.get(0)) : Optional.empty();
    }

    /** {@code If-Range}: an entity tag must match strongly, a date must be the response's Last-Modified. */
    private static boolean ifRangeHolds(String ifRange, MultiMap headers) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return matches(value, headers.get("ETag"), true);
        }
        Optional<Instant> date = HttpDate.parse(value);
        return date.isPresent() && date.equals(HttpDate.parse(headers.get("Last-Modified")));
    }

    /** Whether a list of entity tags names {@code etag}: strong comparison or weak (RFC 9110 8.8.3.2). */
    static boolean matches(String list, String etag, boolean strong) {
        if (etag == null || strong && etag.startsWith("W/")) {
            return false;
        }
        String mine = opaque(etag);
        for (String tag : list.split(",")) {
            String t = tag.trim();
            if (!(strong && t.startsWith("W/")) && opaque(t).equals(mine)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        String t = tag.trim();
        return t.startsWith("W/") ? t.substring(2) : t;
    }
}
