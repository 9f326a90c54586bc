package io.outpost.api;

import static io.outpost.api.Api.authed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;

/** Every bad input gets a 4xx problem+json and stores nothing. */
@QuarkusTest
class BadInputTest {

    @Inject
    Pool pool;

    private long before;

    @BeforeEach
    void countBefore() {
        before = count();
    }

    @AfterEach
    void nothingStored() {
        assertThat(count()).isEqualTo(before);
    }

    private long count() {
        return pool.query("select count(*) from outbox_message").execute().await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }

    private static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status), "type", startsWith("urn:outpost:problem:"), "title", notNullValue(),
                        "detail", notNullValue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Outpost-Priority|12", "Outpost-Priority|x", "Idempotency-Key|''", "Outpost-TTL|banana",
            "Outpost-Method|GET", "Outpost-Ordering-Key|''" })
    void badHeaderIs400NamingIt(String header, String value) {
        problem(authed().header(header, value).body("x").post("/v1/routes/orders/messages").then(), 400)
                .body("invalid-params.name", hasItem(header));
    }

    @Test
    void unknownRouteIs404() {
        problem(authed().body("x").post("/v1/routes/nope/messages").then(), 404)
                .body("type", equalTo("urn:outpost:problem:unknown-route"));
        problem(authed().get("/v1/routes/nope").then(), 404);
        problem(authed().body(new byte[2 * 1024 * 1024]).post("/v1/routes/nope/messages").then(), 404)
                .body("type", equalTo("urn:outpost:problem:unknown-route"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        byte[] big = new byte[1024 * 1024 + 1];
        problem(authed().body(big).post("/v1/routes/orders/messages").then(), 413)
                .body("type", equalTo("urn:outpost:problem:message-too-large"));
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        InputStream chunked = new ByteArrayInputStream(new byte[3 * 1024 * 1024]);
        problem(authed().body(chunked).post("/v1/routes/orders/messages").then(), 413);
    }

    @Test
    void unknownPathAndWrongMethodAreProblems() {
        problem(authed().get("/v1/nothing-here").then(), 404);
        problem(authed().put("/v1/messages").then(), 405).header("Allow", "GET, HEAD, OPTIONS");
        problem(authed().put("/v1/messages/0193a6f0-0000-7000-8000-000000000001").then(), 405)
                .header("Allow", "DELETE, GET, HEAD, OPTIONS")
                .body("detail", Matchers.endsWith("allows DELETE, GET, HEAD, OPTIONS."));
        problem(authed().post("/v1/network").then(), 405).header("Allow", "GET, HEAD, OPTIONS");
        // the plain Vert.x routes too: a path that exists is a 405, not a 404
        problem(authed().get("/v1/routes/orders/messages").then(), 405).header("Allow", "POST, OPTIONS");
        // fetch takes every method a route forwards; TRACE (which would echo the agent's headers) is not one
        problem(authed().request("TRACE", "/v1/routes/orders/fetch/x").then(), 405)
                .header("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        authed().options("/v1/routes/orders/messages/a/b").then().statusCode(204).header("Allow", "POST, OPTIONS");
    }

    @Test
    void aPathThatWouldStepOutOfTheRouteIs400() {
        // the router resolves plain and %2e dot segments itself; these hide theirs behind an encoded separator
        for (String path : new String[] { "/v1/routes/orders/messages/..%2f..%2fadmin",
                "/v1/routes/orders/messages/a/%2e%2E%5Cb?x=1" }) {
            problem(authed().urlEncodingEnabled(false).body("x").post(path).then(), 400)
                    .body("invalid-params.name", hasItem("path"));
        }
        problem(authed().urlEncodingEnabled(false).get("/v1/routes/orders/fetch/..%2F..%2Fsecret").then(), 400)
                .body("invalid-params.name", hasItem("path"));
    }

    @Test
    void aMalformedUriIsAProblem() throws Exception {
        // sent raw: HTTP clients refuse to send a malformed escape; Quarkus's own check answered an empty 400
        for (String request : new String[] { "POST /v1/routes/%zz/messages", "GET /v1/routes/%zz/fetch/a",
                "PUT /v1/routes/%zz/uploads/a", "GET /v1/routes/orders/fetch/a?%zz=1", "GET /v1/messages?limit=%",
                "DELETE /v1/cache/orders?prefix=%zz", "GET /q/health/%zz" }) {
            String head = rawHead(request);
            assertThat(head).as(request).startsWith("HTTP/1.1 400").contains("content-type: application/problem+json");
        }
        assertThat(count()).isEqualTo(before);
    }

    /** The status line and headers (lower-cased) of a raw request with a one-byte body. */
    private static String rawHead(String requestLine) throws Exception {
        int port = RestAssured.port;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + Api.TOKEN + "\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx")
                    .getBytes(StandardCharsets.US_ASCII));
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            return (end < 0 ? all : all.substring(0, end)).toLowerCase(Locale.ROOT).replace("http/1.1", "HTTP/1.1");
        }
    }

    @Test
    void badListParametersAre400() {
        problem(authed().queryParam("status", "lost").queryParam("limit", "0").get("/v1/messages").then(), 400)
                .body("invalid-params.name", hasItem("status"), "invalid-params.name", hasItem("limit"));
        problem(authed().queryParam("after", "-3").get("/v1/messages").then(), 400);
    }
}
