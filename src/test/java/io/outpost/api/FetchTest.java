package io.outpost.api;

import static io.outpost.testing.Agent.api;
import static io.outpost.testing.Agent.awaitStatus;
import static io.outpost.testing.Agent.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.outpost.testing.UpstreamResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.buffer.Buffer;

/**
 * Requests with answers through {@code /fetch}, against real loopback upstreams: every method, the upstream's
 * own errors, the agent's answer when there is none, the fallback to the outbox, reads and the breaker.
 */
@QuarkusTest
@WithTestResource(value = UpstreamResource.class, scope = TestResourceScope.GLOBAL)
class FetchTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestUpstream upstream = TestUpstream.shared();

    @Test
    void everyMethodIsSentOnAndTheUpstreamsAnswerComesBackAsItIs() {
        upstream.behave("passing", (r, n) -> Reply.status(201).withHeader("X-Answer", r.method())
                .withHeader("Set-Cookie", "s=1").withHeader("Keep-Alive", "timeout=5")
                .withHeader("Cache-Control", "max-age=600").withBody(Buffer.buffer(r.method() + ":" + r.body())));
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            Response r = api().header("Content-Type", "text/plain").header("X-Client", "c1")
                    .header("Outpost-Priority", "3").body("b-" + method)
                    .request(method, "/v1/routes/passing/fetch/orders/7?x=1");
            assertThat(r.statusCode()).as(method).isEqualTo(201);
            assertThat(r.body().asString()).as(method).isEqualTo(method + ":b-" + method);
            assertThat(r.header("X-Answer")).isEqualTo(method);
            assertThat(r.header("Set-Cookie")).as("nothing is stored, so the cookie is the client's").isEqualTo("s=1");
            assertThat(r.header("Keep-Alive")).as("hop-by-hop").isNull();
            assertThat(r.header("Outpost-Cache")).as("never through the cache").isNull();
            Recorded seen = last(upstream, "passing");
            assertThat(seen.method()).isEqualTo(method);
            assertThat(seen.path()).isEqualTo("/passing/orders/7?x=1");
            assertThat(seen.header("Content-Type")).startsWith("text/plain");
            assertThat(seen.header("X-Client")).isEqualTo("c1");
            assertThat(seen.header("X-Tenant")).as("the route's headers").isEqualTo("acme");
            assertThat(seen.header("Authorization")).as("the local API token stays local").isNull();
            assertThat(seen.header("Outpost-Priority")).isNull();
        }
        int before = upstream.requests("passing").size();
        api().body("again").post("/v1/routes/passing/fetch/orders/7?x=1").then().statusCode(201);
        assertThat(upstream.requests("passing")).as("an unsafe answer is never served from the cache")
                .hasSize(before + 1);
    }

    @Test
    void aLargeAnswerIsStreamedNotCutAtTheCacheLimit() {
        byte[] big = new byte[3 * 1024 * 1024]; // outpost.cache.max-response-size is 1M in the tests
        big[big.length - 1] = 7;
        upstream.behave("passing", (r, n) -> Reply.status(200).withBody(Buffer.buffer(big)));
        byte[] got = api().body("{}").post("/v1/routes/passing/fetch/export").then().statusCode(200).extract()
                .asByteArray();
        assertThat(got).hasSize(big.length);
        assertThat(got[big.length - 1]).isEqualTo((byte) 7);
    }

    @Test
    void theUpstreamsErrorsAreTheUpstreams() {
        upstream.behave("passing", (r, n) -> Reply.status(503).withHeader("Retry-After", "7")
                .withHeader("Content-Type", "text/plain").withBody(Buffer.buffer("busy")));
        Response post = api().body("x").post("/v1/routes/passing/fetch/jobs");
        assertThat(post.statusCode()).isEqualTo(503);
        assertThat(post.header("Retry-After")).isEqualTo("7");
        assertThat(post.body().asString()).isEqualTo("busy");
        assertThat(post.header("Outpost-Error")).isNull();

        upstream.behave("cached", (r, n) -> Reply.status(503).withHeader("Retry-After", "9")
                .withBody(Buffer.buffer("down for maintenance")));
        Response read = api().get("/v1/routes/cached/fetch/errors/never-stored");
        assertThat(read.statusCode()).as("a read's 5xx with nothing stored").isEqualTo(503);
        assertThat(read.header("Retry-After")).isEqualTo("9");
        assertThat(read.body().asString()).isEqualTo("down for maintenance");
        assertThat(read.header("Outpost-Error")).isNull();
    }

    @Test
    void aStored501IsServed() {
        upstream.behave("cached", (r, n) -> Reply.status(501).withHeader("Cache-Control", "max-age=600")
                .withBody(Buffer.buffer("not here")));
        assertThat(api().get("/v1/routes/cached/fetch/errors/unimplemented").statusCode()).isEqualTo(501);
        Response again = api().get("/v1/routes/cached/fetch/errors/unimplemented");
        assertThat(again.statusCode()).isEqualTo(501);
        assertThat(again.header("Outpost-Cache")).isEqualTo("hit");
        assertThat(again.body().asString()).isEqualTo("not here");
    }

    @Test
    void withNoUpstreamAnswerTheAgentAnswersAndSaysWhy() {
        TestUpstream.switchable("passdown").down();
        Response refused = api().body("x").post("/v1/routes/passdown/fetch/jobs");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.statusCode() + " " + refused.header("Outpost-Error"))
                .as("refused, or not sent once the link monitor holds the route down").isIn("502 unreachable",
                        "503 offline");
        Response read = api().get("/v1/routes/passdown/fetch/never-stored");
        assertThat(read.statusCode()).as("a read with nothing stored").isEqualTo(504);
        assertThat(read.header("Outpost-Error")).isIn("unreachable", "offline");

        upstream.behave("passslow", (r, n) -> Reply.status(200).after(1500));
        Response slow = api().body("x").post("/v1/routes/passslow/fetch/jobs");
        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(slow.header("Outpost-Error")).isEqualTo("timeout");
        assertThat(slow.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anOpenCircuitIsA503WithRetryAfter() {
        upstream.behave("passbreaker", (r, n) -> Reply.status(500));
        for (int i = 0; i < 4; i++) {
            api().body("x").post("/v1/routes/passbreaker/fetch/jobs").then().statusCode(500);
        }
        Response open = api().body("x").post("/v1/routes/passbreaker/fetch/jobs");
        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(open.header("Outpost-Error")).isEqualTo("circuit-open");
        assertThat(Integer.parseInt(open.header("Retry-After"))).isBetween(1, 30);
        assertThat(upstream.requests("passbreaker")).hasSize(4);
    }

    @Test
    void readsOfFailingUrlsDoNotOpenTheCircuit() {
        upstream.behave("readbreaker", (r, n) -> Reply.status(500).withBody(Buffer.buffer("broken " + r.path())));
        IntStream.range(0, 12).forEach(i -> {
            Response r = api().get("/v1/routes/readbreaker/fetch/item/" + i);
            assertThat(r.statusCode()).as("read " + i).isEqualTo(500);
            assertThat(r.body().asString()).isEqualTo("broken /readbreaker/item/" + i);
        });
        assertThat(upstream.requests("readbreaker")).hasSize(12);
        api().get("/v1/routes/readbreaker").then().statusCode(200).body("circuit", equalTo(
                "closed"));
    }

    @Test
    void aRequestThatCannotBeSentIsQueuedWhenAskedToBe() {
        TestUpstream.Switchable down = TestUpstream.switchable("passdown");
        down.down();
        Response queued = fallback().header("Outpost-Priority", "2").header("Content-Type", "application/json")
                .body("{\"qty\":3}").put("/v1/routes/passdown/fetch/orders/7?x=1");
        assertThat(queued.statusCode()).isEqualTo(202);
        String id = queued.jsonPath().getString("id");
        assertThat(queued.header("Location")).isEqualTo("/v1/messages/" + id);
        assertThat(queued.header("Outpost-Error")).isIn("unreachable", "offline");
        assertThat(message(id).getInt("priority")).isEqualTo(2);
        try {
            TestUpstream back = down.up();
            back.behave("passdown", (r, n) -> Reply.status(200));
            awaitStatus(id, "delivered", WAIT);
            Recorded delivered = last(back, "passdown");
            assertThat(delivered.method()).isEqualTo("PUT");
            assertThat(delivered.path()).isEqualTo("/passdown/orders/7?x=1");
            assertThat(delivered.body().toString()).isEqualTo("{\"qty\":3}");
            assertThat(delivered.header("Content-Type")).startsWith("application/json");
        } finally {
            down.down();
        }
    }

    @Test
    void aRequestThatMayHaveReachedTheUpstreamIsQueuedOnlyWithAnIdempotencyKey() {
        upstream.behave("passslow", (r, n) -> Reply.status(200).after(1500));
        Response notQueued = fallback().body("once").post("/v1/routes/passslow/fetch/pay");
        assertThat(notQueued.statusCode()).isEqualTo(504);
        assertThat(notQueued.jsonPath().getString("detail")).contains("Not queued").contains("Idempotency-Key");

        Response queued = fallback().header("Idempotency-Key", "pay-41").body("once")
                .post("/v1/routes/passslow/fetch/pay");
        assertThat(queued.statusCode()).isEqualTo(202);
        assertThat(queued.header("Outpost-Error")).isEqualTo("timeout");
        upstream.behave("passslow", (r, n) -> Reply.status(200));
        awaitStatus(queued.jsonPath().getString("id"), "delivered", WAIT);
        List<Recorded> pays = upstream.requests("passslow").stream().filter(r -> r.path().equals("/passslow/pay")
                && "pay-41".equals(r.header("Idempotency-Key"))).toList();
        assertThat(pays).as("the first try and the delivery carry the same key").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void badFallbackRequestsGetA400AndNothingGoesOut() {
        int before = upstream.requests("passing").size();
        fallback().header("Outpost-Fallback", "later").body("x").post("/v1/routes/passing/fetch/a").then()
                .statusCode(400).contentType("application/problem+json");
        api().header("Outpost-Fallback", "later").body("x").post("/v1/routes/passing/fetch/a").then()
                .statusCode(400);
        fallback().header("Outpost-TTL", "soon").body("x").post("/v1/routes/passing/fetch/a").then().statusCode(400)
                .body("invalid-params[0].name", equalTo("Outpost-TTL"));
        fallback().options("/v1/routes/passing/fetch/a").then().statusCode(400);
        api().body(new byte[1024 * 1024 + 1]).post("/v1/routes/passing/fetch/a").then().statusCode(413);
        api().body("x").post("/v1/routes/nope/fetch/a").then().statusCode(404);
        assertThat(upstream.requests("passing")).hasSize(before);
    }

    private static RequestSpecification fallback() {
        return api().header("Outpost-Fallback", "queue");
    }

    private static Recorded last(TestUpstream at, String route) {
        await().atMost(WAIT).until(() -> !at.requests(route).isEmpty());
        List<Recorded> all = at.requests(route);
        return all.get(all.size() - 1);
    }
}
