package io.outpost.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.buffer.Buffer;

/** With the store down, accepts fail fast with 503, readiness goes DOWN and cached reads go on; all recover with it. */
@QuarkusTest
class StoreOutageTest {

    private static Response post() {
        return given().header("Authorization", "Bearer test-token").body("x").post("/v1/routes/orders/messages");
    }

    @Test
    void acceptAnswers503PromptlyWhileTheStoreIsDown() {
        EmbeddedStore store = EmbeddedStore.current();
        assertThat(store).as("the test profile runs the embedded store").isNotNull();
        post().then().statusCode(202);
        store.stop();
        try {
            long t0 = System.nanoTime();
            Response r = post();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            r.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "2")
                    .body("status", equalTo(503));
            assertThat(millis).as("answer time in ms").isLessThan(2000);
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            store.restart();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> post().then().statusCode(202));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void cachedReadsGoOnWithoutTheStore() {
        TestUpstream upstream = TestUpstream.shared();
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=600")
                .withBody(Buffer.buffer("served " + r.path())));
        fetch("/outage-known").then().statusCode(200);
        EmbeddedStore store = EmbeddedStore.current();
        store.stop();
        try {
            fetch("/outage-known").then().statusCode(200).header("Outpost-Cache", "hit");
            long t0 = System.nanoTime();
            fetch("/outage-new").then().statusCode(200).header("Outpost-Cache", "miss")
                    .body(equalTo("served /cached/outage-new"));
            assertThat((System.nanoTime() - t0) / 1_000_000).as("answer time in ms").isLessThan(2000);
        } finally {
            store.restart();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> post().then().statusCode(202));
    }

    private static Response fetch(String path) {
        return given().header("Authorization", "Bearer test-token").get("/v1/routes/cached/fetch" + path);
    }
}
