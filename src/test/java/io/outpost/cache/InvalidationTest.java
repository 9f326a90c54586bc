package io.outpost.cache;

import static io.outpost.cache.CacheCalls.fetch;
import static io.outpost.testing.Agent.api;
import static io.outpost.testing.Agent.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.outpost.testing.UpstreamResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;

/**
 * RFC 9111 section 4.4 against real loopback upstreams: an unsafe request with a 2xx/3xx answer, however the
 * agent sent it (through {@code /fetch}, as an outbox delivery, as an upload), removes the stored GET of its URL
 * and of the answer's same-origin Location and Content-Location; an error answer and another origin do not.
 */
@QuarkusTest
@WithTestResource(value = UpstreamResource.class, scope = TestResourceScope.GLOBAL)
class InvalidationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestUpstream upstream = TestUpstream.shared();
    private final TestUpstream far = TestUpstream.switchable("invalfar").up();

    @BeforeEach
    void scripted() {
        upstream.behave("inval", (r, n) -> r.method().equals("GET") ? stored(r, n) : unsafe(r));
        far.behave("invalfar", InvalidationTest::stored);
    }

    @Test
    void aPostThroughFetchInvalidatesItsUrl() {
        cached("inval", "/items/1");
        api().body("x").post("/v1/routes/inval/fetch/items/1").then().statusCode(201);
        assertThat(fetch("inval", "/items/1").header("Outpost-Cache")).isEqualTo("miss");
    }

    @Test
    void anOutboxDeliveryInvalidatesItsUrl() {
        cached("inval", "/items/2?v=1");
        String id = api().body("x").post("/v1/routes/inval/messages/items/2?v=1").then().statusCode(202)
                .extract().path("id");
        awaitStatus(id, "delivered", WAIT);
        assertThat(fetch("inval", "/items/2?v=1").header("Outpost-Cache")).isEqualTo("miss");
    }

    @Test
    void anUploadInvalidatesItsUrl() {
        cached("inval", "/items/3");
        String id = api().contentType("application/octet-stream").body("new".getBytes(StandardCharsets.UTF_8))
                .put("/v1/routes/inval/uploads/items/3").then().statusCode(202).extract().path("id");
        await().atMost(WAIT).until(() -> "completed".equals(api().get("/v1/transfers/" + id).then()
                .statusCode(200).extract().path("state")));
        assertThat(fetch("inval", "/items/3").header("Outpost-Cache")).isEqualTo("miss");
    }

    @Test
    void sameOriginLocationsAreInvalidatedAnotherOriginsAreNot() {
        cached("inval", "/items/4");
        cached("inval", "/items/5");
        cached("invalfar", "/items/6");
        api().body("x").post("/v1/routes/inval/fetch/items/new").then().statusCode(201);
        assertThat(fetch("inval", "/items/4").header("Outpost-Cache")).as("Location").isEqualTo("miss");
        assertThat(fetch("inval", "/items/5").header("Outpost-Cache")).as("Content-Location").isEqualTo("miss");
        api().body("x").post("/v1/routes/inval/fetch/items/far").then().statusCode(201);
        assertThat(fetch("invalfar", "/items/6").header("Outpost-Cache")).as("another origin").isEqualTo("hit");
    }

    @Test
    void anErrorAnswerInvalidatesNothing() {
        cached("inval", "/items/refused");
        api().body("x").post("/v1/routes/inval/fetch/items/refused").then().statusCode(409);
        assertThat(fetch("inval", "/items/refused").header("Outpost-Cache")).isEqualTo("hit");
    }

    /** Reads the URL until it is stored: a miss, then a hit. */
    private static void cached(String route, String path) {
        assertThat(fetch(route, path).header("Outpost-Cache")).isEqualTo("miss");
        assertThat(fetch(route, path).header("Outpost-Cache")).isEqualTo("hit");
    }

    private static Reply stored(Recorded r, int n) {
        return Reply.status(200).withHeader("Cache-Control", "max-age=600").withBody(Buffer.buffer("v" + n));
    }

    private Reply unsafe(Recorded r) {
        if (r.path().equals("/inval/items/refused")) {
            return Reply.status(409);
        }
        if (r.path().equals("/inval/items/new")) {
            return Reply.status(201).withHeader("Location", "/inval/items/4")
                    .withHeader("Content-Location", upstream.url("inval") + "/items/5");
        }
        if (r.path().equals("/inval/items/far")) {
            return Reply.status(201).withHeader("Location", TestUpstream.switchable("invalfar").url("invalfar")
                    + "/items/6");
        }
        return Reply.status(201);
    }
}
