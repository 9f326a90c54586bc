package io.outpost.stream;

import static io.outpost.testing.Agent.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.outpost.testing.StreamPeersResource;
import io.outpost.testing.StreamPeersResource.Peers;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Frames for a stream's upstream answer as outbox messages do: a Location to look up, and idempotency keys. */
@QuarkusTest
@WithTestResource(value = StreamPeersResource.class, scope = TestResourceScope.GLOBAL)
class StreamFramesTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    private final Peers peers = StreamPeersResource.peers();

    @Test
    void aFrameKeepsARecordOnceSentAndItsKeyStoresItOnce() {
        await().atMost(WITHIN).until(() -> "connected".equals(api().get("/v1/streams/ws").then().extract().path("state"))
                && peers.ws.openConnections() == 1);
        int before = peers.ws.received().size();
        String key = "frame-" + UUID.randomUUID();
        JsonPath first = api().header("Idempotency-Key", key).body("keyed").post("/v1/streams/ws/messages").then()
                .statusCode(202).header("Location", matchesPattern("/v1/streams/ws/messages/[0-9]+"))
                .body("stream", is("ws")).body("status", is("queued")).extract().jsonPath();
        long id = first.getLong("id");
        String location = "/v1/streams/ws/messages/" + id;

        api().header("Idempotency-Key", key).body("not sent").post("/v1/streams/ws/messages").then().statusCode(200)
                .header("Location", is(location)).body("id", is((int) id));
        await().atMost(WITHIN).until(() -> "sent".equals(api().get(location).then().statusCode(200)
                .extract().path("status")));
        JsonPath sent = api().get(location).then().extract().jsonPath();
        assertThat(sent.getString("sentAt")).isNotNull();
        assertThat(sent.getString("acceptedAt")).isEqualTo(first.getString("acceptedAt"));
        // Still the same record once sent; the payload of a repeat is never stored or sent.
        api().header("Idempotency-Key", key).body("not sent either").post("/v1/streams/ws/messages").then()
                .statusCode(200).body("id", is((int) id)).body("status", is("sent"));

        // Frames go strictly in order, so once a later frame arrived, nothing else can still come before it.
        api().body("unkeyed").post("/v1/streams/ws/messages").then().statusCode(202);
        api().body("unkeyed").post("/v1/streams/ws/messages").then().statusCode(202);
        await().atMost(WITHIN).until(() -> peers.ws.received().size() >= before + 3);
        assertThat(peers.ws.received().subList(before, peers.ws.received().size()))
                .containsExactly("keyed", "unkeyed", "unkeyed");
    }

    @Test
    void aBadKeyIsRefusedAndUnknownFramesAreNotFound() {
        api().header("Idempotency-Key", "two words").body("x").post("/v1/streams/ws/messages").then().statusCode(400)
                .contentType("application/problem+json").body("invalid-params[0].name", is("Idempotency-Key"));
        for (String id : List.of("999999999", "abc", "12345678901234567890")) {
            api().get("/v1/streams/ws/messages/" + id).then().statusCode(404).contentType("application/problem+json")
                    .body("type", is("urn:outpost:problem:unknown-frame"));
        }
        api().get("/v1/streams/nope/messages/1").then().statusCode(404)
                .body("type", is("urn:outpost:problem:unknown-stream"));
    }
}
