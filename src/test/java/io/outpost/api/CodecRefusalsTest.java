package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Requests refused before a route could read them, sent as raw bytes: what the agent can answer itself is
 * a problem+json; what the HTTP codec answers before any application code runs is held to what
 * api.md says of it (status, empty body), so the page stays true.
 */
@QuarkusTest
class CodecRefusalsTest {

    private static final String AUTH = "Authorization: Bearer " + Api.TOKEN + "\r\n";

    @ParameterizedTest
    @ValueSource(strings = { "/v1/transfers", "/v1/streams/none/messages" })
    void aDeclaredBodyOverTheServersLimitIsAProblem(String path) throws Exception {
        // 30 MiB declared, none of it sent: the answer comes from the length alone
        RawHttp.Answer a = RawHttp.send("POST " + path + " HTTP/1.1\r\nHost: h\r\n" + AUTH
                + "Content-Type: application/json\r\nContent-Length: 31457280\r\nConnection: close\r\n\r\n{");
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(a.body()).contains("\"status\":413", "quarkus.http.limits.max-body-size");
    }

    @Test
    void aChunkedBodyOverTheServersLimitIsAProblem() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/transfers HTTP/1.1\r\nHost: h\r\n" + AUTH + "Content-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = ("100000\r\n" + "a".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            try {
                for (int i = 0; i < 20; i++) { // 20 MiB, over the 16M limit
                    out.write(chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (java.io.IOException closed) {
                // the agent may close the connection once it has answered
            }
            RawHttp.Answer a = RawHttp.read(socket.getInputStream());
            System.out.println("CHUNKED " + a);
        }
    }

    @Test
    void probeCodec() throws Exception {
        String[] reqs = {
            "GET /v1/messages?x=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: h\r\n" + AUTH + "\r\n",
            "GET /v1/messages HTTP/1.1\r\nHost: h\r\n" + AUTH + "X-Big: " + "b".repeat(30000) + "\r\n\r\n",
            "GET /v1/messages HTTP/1.1\r\nHost: h\r\n" + AUTH + "X-A: a\rb\r\n\r\n",
            "GET /v1/messages HTTP/1.1\r\nHost: h\r\n" + AUTH + "X-A: a\nb\r\n\r\n",
            "POST /v1/routes/orders/messages HTTP/1.1\r\nHost: h\r\n" + AUTH + "Content-Type: text/\u0001plain\r\nContent-Length: 1\r\n\r\nx",
            "POST /v1/routes/orders/messages HTTP/1.1\r\nHost: h\r\n" + AUTH + "Content-Type: text/plain\u007f\r\nContent-Length: 1\r\n\r\nx",
            "POST /v1/routes/orders/messages HTTP/1.1\r\nHost: h\r\n" + AUTH + "Content-Type: text/pl\tain\r\nContent-Length: 1\r\n\r\nx",
            "GET /v1/messages?a=b c HTTP/1.1\r\nHost: h\r\n" + AUTH + "\r\n",
            "GET /v1/mess\tages HTTP/1.1\r\nHost: h\r\n" + AUTH + "\r\n",
            "GET /v1/messages HTTP/1.1\r\nHost: h\r\n" + AUTH + "Bad Name: x\r\n\r\n",
            "POST /v1/routes/orders/messages HTTP/1.1\r\nHost: h\r\n" + AUTH + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nx",
        };
        for (String r : reqs) {
            RawHttp.Answer a = RawHttp.send(r);
            System.out.println("PROBE " + r.substring(0, 40).replace("\r\n", "|") + " => " + a.head().replace("\r\n", " | ") + " body=" + a.body());
        }
    }
}
