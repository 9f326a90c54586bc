package io.outpost.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.restassured.RestAssured;

/**
 * Bytes to the agent's test port, as no HTTP client would send them, and its answer: the status line and
 * head as they came, and the body (by Content-Length, or up to the close).
 */
final class RawHttp {

    record Answer(int status, String head, String body) {
        /** A header's value (the first), or null. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} (ISO-8859-1: each char one byte) and reads one answer. */
    static Answer send(String request) throws IOException {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Answer send(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
            return new Answer(0, "", ""); // closed without an answer
        }
        int status = Integer.parseInt(text.substring(9, 12));
        Answer partial = new Answer(status, text.strip(), "");
        String length = partial.header("Content-Length");
        byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
        return new Answer(status, text.strip(), new String(body, StandardCharsets.UTF_8));
    }
}
