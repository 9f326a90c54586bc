package io.outpost.transfer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a download continues (RFC 9110 14): pure, from the offset already on disk and the answer's status
 * and headers. A resumed attempt asks {@code Range: bytes=N-} with {@code If-Range} (the first answer's
 * strong ETag, else its Last-Modified), so a server whose file changed answers 200 with the whole new one.
 */
final class RangeDecision {

    private static final Pattern CONTENT_RANGE = Pattern.compile("(?i)bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED = Pattern.compile("(?i)bytes\\s+\\*/(\\d+)");

    /** What the answer means for the file. */
    sealed interface Decision {
        /** 206 from the offset: append. */
        record Append(Long total) implements Decision {
        }

        /** 200: the whole body follows; the file starts over (the range was ignored or the file changed). */
        record StartOver(Long total, String validator) implements Decision {
        }

        /** 416 naming exactly the length already held: nothing was missing. */
        record Complete(long total) implements Decision {
        }

        /** A range answer that does not fit the file: drop what is held and ask for everything again. */
        record Restart(String reason) implements Decision {
        }

        /** Not a body for the file (an error status): classified like any other answer. */
        record NotBody() implements Decision {
        }
    }

    private RangeDecision() {
    }

    /**
     * The headers of an attempt. Identity encoding, since a range counts bytes of the representation as
     * sent and a transparently decompressed body would not match it.
     */
    static Map<String, String> requestHeaders(long offset, String validator) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept-Encoding", "identity");
        if (offset > 0) {
            headers.put("Range", "bytes=" + offset + "-");
            if (validator != null) {
                headers.put("If-Range", validator);
            }
        }
        return headers;
    }

    static Decision decide(long offset, int status, UnaryOperator<String> header) {
        if (status == 200) {
            return new Decision.StartOver(length(header), validator(header));
        }
        if (status == 206) {
            Matcher m = CONTENT_RANGE.matcher(nullToEmpty(header.apply("Content-Range")).trim());
            if (!m.matches() || offset == 0) {
                return new Decision.Restart("unexpected 206 with Content-Range '" + header.apply("Content-Range")
                        + "' for a request from byte " + offset);
            }
            long first = Long.parseLong(m.group(1));
            if (first != offset) {
                return new Decision.Restart("206 from byte " + first + ", but " + offset + " bytes are held");
            }
            return new Decision.Append("*".equals(m.group(3)) ? null : Long.parseLong(m.group(3)));
        }
        if (status == 416 && offset > 0) {
            Matcher m = UNSATISFIED.matcher(nullToEmpty(header.apply("Content-Range")).trim());
            if (m.matches() && Long.parseLong(m.group(1)) == offset) {
                return new Decision.Complete(offset);
            }
            return new Decision.Restart("416 for a range from byte " + offset);
        }
        return new Decision.NotBody();
    }

    /** The body's length, when it is known and counts the bytes written (no content coding). */
    private static Long length(UnaryOperator<String> header) {
        String encoding = header.apply("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())) {
            return null;
        }
        try {
            String value = header.apply("Content-Length");
            return value == null ? null : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** If-Range takes a strong ETag or a date; a weak ETag must not be sent there (RFC 9110 13.1.5). */
    static String validator(UnaryOperator<String> header) {
        String etag = header.apply("ETag");
        if (etag != null && etag.trim().startsWith("\"")) {
            return etag.trim();
        }
        String modified = header.apply("Last-Modified");
        return modified == null || modified.isBlank() ? null : modified.trim();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
