package io.outpost.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads an agent's {@code text/event-stream} on a thread of its own, handing each event with an id to a
 * consumer as it completes (its data lines joined by line feeds, as SSE says), with the time it arrived. Ends
 * when the test closes the stream.
 */
final class SseReader {

    record Event(String id, String data, long nanos) {
    }

    private SseReader() {
    }

    /** Starts reading {@code body}; returns it, for the test to close. */
    static InputStream start(InputStream body, Consumer<Event> events) {
        Thread reader = new Thread(() -> read(body, events), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return body;
    }

    private static void read(InputStream body, Consumer<Event> events) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data.append(data.length() == 0 ? "" : "\n").append(line.substring(6));
                } else if (line.isEmpty() && id != null) {
                    events.accept(new Event(id, data.toString(), System.nanoTime()));
                    id = null;
                    data.setLength(0);
                }
            }
        } catch (IOException e) {
            // the test closed the stream
        }
    }
}
