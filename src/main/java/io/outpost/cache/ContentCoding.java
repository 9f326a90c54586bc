package io.outpost.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Content codings (RFC 9110 8.4): a response is stored and served with the coding it came with, as its
 * {@code Content-Encoding} says, whatever that coding is. It is undone for a client only if the client
 * cannot take it ({@code Accept-Encoding} does not accept it; a client that sends no
 * {@code Accept-Encoding} is taken to want identity, since such apps read the bytes as they come) and only
 * if this cache can undo it completely: gzip and deflate, the whole body, within the size a response may
 * have. A body that does not decode is served as it came, labelled as it came, never as an empty or
 * partial body. Pure.
 */
final class ContentCoding {

    private ContentCoding() {
    }

    /** The answer the client can take: as stored, or decoded (its strong ETag made weak: other bytes). */
    static Served forClient(Served served, List<String> acceptEncoding, int maxBytes) {
        String coding = coding(served.headers());
        if (coding == null || accepts(acceptEncoding, coding)) {
            return served;
        }
        Optional<Buffer> decoded = decode(coding, served.body(), maxBytes);
        if (decoded.isEmpty()) {
            return served;
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(served.headers());
        headers.remove("Content-Encoding");
        String etag = headers.get("ETag");
        if (etag != null && !etag.startsWith("W/")) {
            headers.set("ETag", "W/" + etag);
        }
        return new Served(served.status(), headers, decoded.get());
    }

    /** The one coding applied, lower-cased; null for none or identity. Several stacked ones are kept. */
    static String coding(MultiMap headers) {
        List<String> values = headers.getAll("Content-Encoding");
        if (values.isEmpty()) {
            return null;
        }
        String coding = String.join(",", values).trim().toLowerCase(Locale.ROOT);
        return coding.isEmpty() || coding.equals("identity") ? null : coding;
    }

    /** Whether {@code Accept-Encoding} accepts the coding (RFC 9110 12.5.3): named or {@code *}, q above 0. */
    static boolean accepts(List<String> acceptEncoding, String coding) {
        String wanted = coding.equals("x-gzip") ? "gzip" : coding;
        Boolean any = null;
        for (String value : acceptEncoding) {
            for (String member : value.split(",")) {
                String[] parts = member.split(";");
                String name = parts[0].trim().toLowerCase(Locale.ROOT);
                name = name.equals("x-gzip") ? "gzip" : name;
                boolean positive = weight(parts) > 0;
                if (name.equals(wanted)) {
                    return positive;
                }
                if (name.equals("*")) {
                    any = positive;
                }
            }
        }
        return any != null && any;
    }

    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** The body without its coding, if this is gzip or deflate and the whole body decodes. */
    static Optional<Buffer> decode(String coding, Buffer body, int maxBytes) {
        byte[] bytes = body.getBytes();
        return switch (coding) {
            case "gzip", "x-gzip" -> inflate(() -> new GZIPInputStream(new ByteArrayInputStream(bytes)),
                    maxBytes);
            // "deflate" is zlib-wrapped (RFC 9110 8.4.1.2); some servers send it raw, so that is tried next
            case "deflate" -> inflate(() -> new InflaterInputStream(new ByteArrayInputStream(bytes)),
                    maxBytes).or(() -> inflate(() -> new InflaterInputStream(new ByteArrayInputStream(bytes),
                            new Inflater(true)), maxBytes));
            default -> Optional.empty();
        };
    }

    private interface Source {
        InputStream open() throws IOException;
    }

    private static Optional<Buffer> inflate(Source source, int maxBytes) {
        try (InputStream in = source.open()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) != -1;) {
                out.write(chunk, 0, n);
                if (out.size() > maxBytes) {
                    return Optional.empty();
                }
            }
            return Optional.of(Buffer.buffer(out.toByteArray()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
