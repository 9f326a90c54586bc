package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Requests refused before a route could read them, sent as raw bytes. What the agent can answer itself is a
 * problem+json; what the HTTP codec answers before any application code runs is held to what api.md says of
 * it (the status, an empty body), so that the page stays true.
 */
@QuarkusTest
class CodecRefusalsTest {

    private static final String AUTH = "Authorization: Bearer " + Api.TOKEN + "\r\n";
    private static final String GET = "GET /v1/messages HTTP/1.1\r\nHost: h\r\n" + AUTH;
    private static final String POST = "POST /v1/routes/orders/messages HTTP/1.1\r\nHost: h\r\n" + AUTH;

    @ParameterizedTest
    @ValueSource(strings = { "/v1/transfers", "/v1/streams/none/messages" })
    void aDeclaredBodyOverTheServersLimitIsAProblem(String path) throws Exception {
        // 30 MiB declared, one byte sent: the answer comes from the length alone
        RawHttp.Answer a = RawHttp.send("POST " + path + " HTTP/1.1\r\nHost: h\r\n" + AUTH
                + "Content-Type: application/json\r\nContent-Length: 31457280\r\nConnection: close\r\n\r\n{");
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(a.body()).contains("\"status\":413", "quarkus.http.limits.max-body-size (16777216 bytes)");
    }

    @Test
    void aChunkedBodyOverTheServersLimitIsAProblemToo() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/transfers HTTP/1.1\r\nHost: h\r\n" + AUTH + "Content-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n9\r\n{\"path\":\"\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = ("100000\r\n" + "a".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            try {
                for (int i = 0; i < 20; i++) { // 20 MiB of one JSON string, over the 16M limit
                    out.write(chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException closedAfterTheAnswer) {
                // expected at times: the connection is closed once the 413 is out
            }
            RawHttp.Answer a = RawHttp.read(socket.getInputStream());
            assertThat(a.status()).isEqualTo(413);
            assertThat(a.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(a.body()).contains("quarkus.http.limits.max-body-size");
        }
    }

    static Stream<Arguments> codecRefusals() {
        return Stream.of(
                Arguments.of("request line over 4096 bytes", "GET /v1/messages?x=" + "a".repeat(5000) + " HTTP/1.1\r\n"
                        + "Host: h\r\n" + AUTH + "\r\n", 414),
                Arguments.of("header block over 20K", GET + "X-Big: " + "b".repeat(30_000) + "\r\n\r\n", 431),
                Arguments.of("bare CR in a header value", GET + "X-A: a\rb\r\n\r\n", 400),
                Arguments.of("bare LF in a header value", GET + "X-A: a\nb\r\n\r\n", 400),
                Arguments.of("control character in Content-Type", POST
                        + "Content-Type: text/\u0001plain\r\nContent-Length: 1\r\n\r\nx", 400),
                Arguments.of("DEL in Content-Type", POST + "Content-Type: text/plain\u007f\r\nContent-Length: 1\r\n\r\nx",
                        400),
                Arguments.of("raw space in the query", "GET /v1/messages?a=b c HTTP/1.1\r\nHost: h\r\n" + AUTH + "\r\n",
                        400),
                Arguments.of("raw space in the path", "GET /v1/mess ages HTTP/1.1\r\nHost: h\r\n" + AUTH + "\r\n", 400),
                Arguments.of("space in a header name", GET + "Bad Name: x\r\n\r\n", 400),
                Arguments.of("two Content-Lengths", POST + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nx", 400));
    }

    @Test
    void aChunkedBodyUnderTheLimitStillReachesTheRestLayer() throws Exception {
        String json = "{\"route\":\"nowhere\",\"path\":\"/a\",\"direction\":\"download\"}";
        RawHttp.Answer a = RawHttp.send("POST /v1/transfers HTTP/1.1\r\nHost: h\r\n" + AUTH
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n");
        assertThat(a.status()).as(a.body()).isEqualTo(404);
        assertThat(a.body()).contains("unknown-route");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecRefusals")
    void theCodecsOwnRefusalsHaveAStatusAndNoBody(String what, String request, int status) throws Exception {
        RawHttp.Answer a = RawHttp.send(request);
        assertThat(a.status()).as(what).isEqualTo(status);
        assertThat(a.header("Content-Length")).as(what).isEqualTo("0");
        assertThat(a.header("Content-Type")).as(what).isNull();
    }
}
