package io.outpost.stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The WHATWG {@code text/event-stream} parser ("Server-sent events", section 9.2.6), fed the body in
 * whatever chunks the network delivers. Lines are split on the raw bytes (CR and LF never occur inside a
 * UTF-8 sequence), so a character split across two chunks decodes correctly. Pure: no I/O, no clock.
 */
final class SseParser {

    /** What a stream can say: an event, a new reconnection time, or a comment (a keep-alive). */
    interface Sink {
        void event(Incoming event);

        default void retry(Duration reconnectionTime) {
        }

        default void comment(String text) {
        }
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    private final Sink sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private boolean dataSeen;
    private String eventType = "";
    private String lastEventId;
    private boolean started;
    private int bomMatched;
    private boolean afterCr;

    /** @param lastEventId the id the stream resumes after (the spec's "last event ID buffer"), or null */
    SseParser(String lastEventId, Sink sink) {
        this.lastEventId = lastEventId;
        this.sink = sink;
    }

    void feed(byte[] bytes) {
        for (byte b : bytes) {
            if (!started && bomStep(b)) {
                continue;
            }
            if (afterCr && b == LF) {
                afterCr = false; // the LF of a CRLF, possibly split across two reads
                continue;
            }
            afterCr = b == CR;
            if (b == CR || b == LF) {
                line(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    /** One byte of a possible leading byte order mark: true if it was taken as part of one. */
    private boolean bomStep(byte b) {
        if (b == BOM[bomMatched]) {
            bomMatched++;
            started = bomMatched == BOM.length;
            return true;
        }
        started = true; // no BOM: a partial match was ordinary text after all
        line.write(BOM, 0, bomMatched);
        return false;
    }

    private void line(String text) {
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            sink.comment(text.substring(1).stripLeading());
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> eventType = value;
            case "data" -> {
                data.append(value).append('\n');
                dataSeen = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9') && value.length() < 18) {
                    sink.retry(Duration.ofMillis(Long.parseLong(value)));
                }
            }
            default -> {
                // unknown fields are ignored, as the spec requires
            }
        }
    }

    private void dispatch() {
        if (!dataSeen) {
            eventType = "";
            return;
        }
        String value = data.substring(0, data.length() - 1);
        data.setLength(0);
        dataSeen = false;
        String type = eventType.isEmpty() ? null : eventType;
        eventType = "";
        sink.event(new Incoming(lastEventId == null || lastEventId.isEmpty() ? null : lastEventId, type, value));
    }

    /** The id a reconnection should send as {@code Last-Event-ID}. */
    String lastEventId() {
        return lastEventId;
    }
}
