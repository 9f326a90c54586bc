package io.outpost.config;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes the part of an upstream URL that comes from a client (a sub-path and its query) as RFC
 * 3986 allows it on the wire: every byte outside a path's {@code pchar / "/"} (section 3.3), or a query's
 * {@code pchar / "/" / "?"} (3.4), becomes {@code %XX} (2.1, upper-case hex). An escape already there
 * ({@code %} and two hex digits) is kept as it is, so encoding twice changes nothing; a lone {@code %} becomes
 * {@code %25}. A {@code #} is encoded too: a fragment is never sent upstream. Pure; the one encoder every
 * upstream URL of a route goes through ({@link RouteUrl#join}).
 */
public final class UriEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final boolean[] PATH = new boolean[128];
    private static final boolean[] QUERY = new boolean[128];

    static {
        String pchar = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~" // unreserved
                + "!$&'()*+,;=" // sub-delims
                + ":@";
        for (char c : (pchar + "/").toCharArray()) {
            PATH[c] = true;
            QUERY[c] = true;
        }
        QUERY['?'] = true;
    }

    private UriEncoding() {
    }

    /**
     * A target (path, then {@code ?} and a query) given as text, from JSON or configuration: each character
     * stands for itself, and one outside ASCII is sent as its UTF-8 bytes.
     */
    public static String target(String text) {
        return text == null ? null : encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A target as an HTTP server hands over the request line: the HTTP/1.1 codec (Netty's) makes one
     * character of each byte, ISO-8859-1, so a client's raw UTF-8 {@code café} arrives as {@code cafÃ©}.
     * Taking those characters back to their bytes sends the client's bytes on, encoded, not re-encoded.
     */
    public static String fromRequestLine(String raw) {
        return raw == null ? null : encode(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String encode(byte[] bytes) {
        StringBuilder out = null; // most targets need nothing: no copy then
        boolean query = false;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean keep;
            if (b == '%') {
                keep = i + 2 < bytes.length && hex(bytes[i + 1]) && hex(bytes[i + 2]);
            } else {
                keep = b < 128 && (query ? QUERY : PATH)[b];
            }
            if (b == '?' && !query) {
                query = true;
                keep = true;
            }
            if (keep && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(bytes.length + 16);
                for (int j = 0; j < i; j++) {
                    out.append((char) bytes[j]); // all ASCII, kept as they were
                }
            }
            if (keep) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return out == null ? new String(bytes, StandardCharsets.ISO_8859_1) : out.toString();
    }

    private static boolean hex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }
}
