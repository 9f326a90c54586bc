package io.outpost.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.UUID;

import io.outpost.outbox.MessageChange;
import io.vertx.core.buffer.Buffer;

/**
 * The message feed's events written straight into UTF-8 bytes: a reader that is behind serves thousands of
 * events a second, and building a JSON tree per event and encoding it through Jackson cost more than reading
 * the rows (issue 24's 64-client accept bench). Writes the contract's shape, every key present (null fields as
 * {@code null}), {@code at} as {@link Instant#toString()} writes it. One page at a time; not thread-safe
 * (one reader's, on its context).
 */
final class MessageEventBytes {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = bytesOf("null");

    private byte[] out;
    private int size;
    private long second = Long.MIN_VALUE;
    private byte[] secondText; // "2026-12-08T03:31:39" of the last event's second: most events share it

    MessageEventBytes(int capacity) {
        out = new byte[Math.max(64, capacity)];
    }

    /** One server-sent event: {@code id:} its change number, {@code event: message}, the JSON as data. */
    MessageEventBytes sse(MessageChange c) {
        ascii("id: ").number(c.seq()).ascii("\nevent: message\ndata: ");
        return json(c, false).ascii("\n\n");
    }

    /** The event's JSON object; with {@code seq}, the long poll's form (the position after it). */
    MessageEventBytes json(MessageChange c, boolean seq) {
        ascii("{\"id\":\"").uuid(c.id()).ascii("\",\"route\":").string(c.route()).ascii(",\"status\":").string(c.status())
                .ascii(",\"attempts\":").number(c.attempts()).ascii(",\"lastStatus\":");
        if (c.lastStatus() == null) {
            bytes(NULL);
        } else {
            number(c.lastStatus());
        }
        ascii(",\"lastError\":").string(c.lastError()).ascii(",\"at\":");
        if (c.at() == null) {
            bytes(NULL);
        } else {
            put('"').instant(c.at()).put('"');
        }
        if (seq) {
            ascii(",\"seq\":").number(c.seq());
        }
        return put('}');
    }

    MessageEventBytes ascii(String s) {
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            out[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    MessageEventBytes put(char c) {
        room(1);
        out[size++] = (byte) c;
        return this;
    }

    int size() {
        return size;
    }

    /** The bytes written so far, and starts again empty. */
    Buffer take() {
        Buffer taken = Buffer.buffer(size).appendBytes(out, 0, size);
        size = 0;
        return taken;
    }

    MessageEventBytes number(long n) {
        if (n == Long.MIN_VALUE) {
            return ascii(Long.toString(n));
        }
        room(20);
        if (n < 0) {
            out[size++] = '-';
            n = -n;
        }
        int end = size + digits(n);
        size = end;
        do {
            out[--end] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n != 0);
        return this;
    }

    private static int digits(long n) {
        int d = 1;
        while (n >= 10) {
            n /= 10;
            d++;
        }
        return d;
    }

    private MessageEventBytes uuid(UUID id) {
        room(36);
        hex(id.getMostSignificantBits() >>> 32, 8);
        out[size++] = '-';
        hex(id.getMostSignificantBits() >>> 16, 4);
        out[size++] = '-';
        hex(id.getMostSignificantBits(), 4);
        out[size++] = '-';
        hex(id.getLeastSignificantBits() >>> 48, 4);
        out[size++] = '-';
        hex(id.getLeastSignificantBits(), 12);
        return this;
    }

    /** The low {@code digits} hex digits of {@code v}. */
    private void hex(long v, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[size + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        size += digits;
    }

    /** As {@code DateTimeFormatter.ISO_INSTANT}: the fraction in groups of three digits, as many as needed. */
    private MessageEventBytes instant(Instant at) {
        if (at.getEpochSecond() != second) {
            String text = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(at.getEpochSecond()));
            secondText = bytesOf(text.substring(0, text.length() - 1));
            second = at.getEpochSecond();
        }
        bytes(secondText);
        int nanos = at.getNano();
        if (nanos != 0) {
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
            int value = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1000 : nanos;
            room(digits + 1);
            out[size++] = '.';
            for (int i = digits - 1; i >= 0; i--) {
                out[size + i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            size += digits;
        }
        return put('Z');
    }

    /** A JSON string (or {@code null}): quotes, backslashes and control characters escaped, the rest UTF-8. */
    private MessageEventBytes string(String s) {
        if (s == null) {
            return bytes(NULL);
        }
        room(s.length() + 2);
        out[size++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                room(1);
                out[size++] = (byte) c;
            } else {
                escaped(s, i, c);
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                }
            }
        }
        return put('"');
    }

    private void escaped(String s, int i, char c) {
        switch (c) {
            case '"' -> ascii("\\\"");
            case '\\' -> ascii("\\\\");
            case '\n' -> ascii("\\n");
            case '\r' -> ascii("\\r");
            case '\t' -> ascii("\\t");
            case '\b' -> ascii("\\b");
            case '\f' -> ascii("\\f");
            default -> {
                if (c < 0x20) {
                    ascii("\\u00").put((char) HEX[c >> 4]).put((char) HEX[c & 0xf]);
                } else {
                    // one character, or one surrogate pair (a lone surrogate becomes '?', as String.getBytes does)
                    int end = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1)) ? i + 2 : i + 1;
                    bytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private MessageEventBytes bytes(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, out, size, b.length);
        size += b.length;
        return this;
    }

    private void room(int n) {
        if (size + n > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + n));
        }
    }

    private static byte[] bytesOf(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
