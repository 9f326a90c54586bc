package io.outpost.api;

import static io.outpost.api.Api.authed;
import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.outpost.testing.UpstreamResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code GET /v1/messages/events} against the real store and a real upstream on loopback. */
@QuarkusTest
@WithTestResource(value = UpstreamResource.class, scope = TestResourceScope.GLOBAL)
class MessageEventsTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    private final TestUpstream upstream = TestUpstream.shared();

    @Test
    void aLiveReaderSeesItsMessageDelivered() throws Exception {
        try (MessageEventsClient reader = new MessageEventsClient(base, "", null)) {
            String id = accept("evented", "hello");
            await().atMost(WITHIN).until(() -> reader.saw(id, "delivered"));
            MessageEventsClient.Event delivered = reader.of(id).stream().filter(e -> e.status().equals("delivered"))
                    .findFirst().orElseThrow();
            assertThat(delivered.event()).isEqualTo("message");
            assertThat(Long.parseLong(delivered.id())).isPositive();
            assertThat(delivered.data().getString("route")).isEqualTo("evented");
            assertThat(delivered.data().getInteger("attempts")).isEqualTo(1);
            assertThat(delivered.data().getInteger("lastStatus")).isEqualTo(204);
            assertThat(delivered.data().containsKey("lastError")).isTrue();
            assertThat(delivered.data().getString("at")).isNotNull();
            List<Long> ids = reader.events.stream().map(e -> Long.parseLong(e.id())).toList();
            assertThat(ids).as("ids grow").isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aReaderThatComesBackLearnsWhatWasDeliveredMeanwhile() throws Exception {
        String first = accept("evented", "before");
        String lastId;
        try (MessageEventsClient reader = new MessageEventsClient(base, "?route=evented", null)) {
            String seen = accept("evented", "seen");
            await().atMost(WITHIN).until(() -> reader.saw(seen, "delivered"));
            lastId = reader.lastId();
        }
        upstream.behave("evented-b", (r, n) -> Reply.status(422));
        String a = accept("evented", "a");
        String b = accept("evented", "b");
        String refused = accept("evented-b", "refused");
        awaitStatus(a, "delivered", WITHIN);
        awaitStatus(b, "delivered", WITHIN);
        awaitStatus(refused, "dead", WITHIN);
        try (MessageEventsClient back = new MessageEventsClient(base, "", lastId)) {
            await().atMost(WITHIN).until(() -> back.saw(a, "delivered") && back.saw(b, "delivered")
                    && back.saw(refused, "dead"));
            assertThat(back.of(a)).as("folded: its current state only").hasSize(1);
            assertThat(back.of(first)).as("changed before the position").isEmpty();
            assertThat(back.of(refused).get(0).data().getInteger("lastStatus")).isEqualTo(422);
        } finally {
            upstream.behave("evented-b", (r, n) -> Reply.status(204));
        }
    }

    @Test
    void routeFiltersTheFeed() throws Exception {
        try (MessageEventsClient reader = new MessageEventsClient(base, "?route=evented-b", null)) {
            String other = accept("evented", "other");
            String mine = accept("evented-b", "mine");
            awaitStatus(other, "delivered", WITHIN);
            await().atMost(WITHIN).until(() -> reader.saw(mine, "delivered"));
            assertThat(reader.events).extracting(e -> e.data().getString("route")).containsOnly("evented-b");
        }
    }

    @Test
    void theLongPollAnswersAtAChangeAndEmptyAfterTheWait() {
        long next = authed().accept("application/json").queryParam("wait", "0s").get("/v1/messages/events").then()
                .statusCode(200).extract().jsonPath().getLong("next");
        CompletableFuture<JsonPath> poll = CompletableFuture.supplyAsync(() -> authed().queryParam("after", next)
                .queryParam("wait", "20s").queryParam("route", "evented").get("/v1/messages/events").then()
                .statusCode(200).contentType("application/json").extract().jsonPath());
        long start = System.nanoTime();
        String id = accept("evented", "polled");
        JsonPath answer = poll.orTimeout(15, TimeUnit.SECONDS).join();
        assertThat((System.nanoTime() - start) / 1_000_000).as("answered at the change, not at the wait's end")
                .isLessThan(10_000);
        assertThat(answer.getList("events.id", String.class)).contains(id);
        assertThat(answer.getList("events.route", String.class)).containsOnly("evented");
        long after = answer.getLong("next");
        assertThat(after).isGreaterThan(next);
        awaitStatus(id, "delivered", WITHIN);
        // The message's later states (delivering, delivered) may have come in that answer already (it is read at
        // the change, in the state the message has by then) or come in the next ones: read on only until its
        // delivered state has come, each poll answering at a change. A poll after the last state would only
        // wait out its whole wait (it was 10 s of this test's 11).
        long end = after;
        boolean delivered = deliveredIn(answer, id);
        for (int polls = 0; polls < 3 && !delivered; polls++) {
            JsonPath rest = authed().queryParam("after", end).queryParam("wait", "10s").queryParam("route", "evented")
                    .get("/v1/messages/events").then().statusCode(200).extract().jsonPath();
            end = rest.getList("events").isEmpty() ? end : rest.getLong("next");
            delivered = deliveredIn(rest, id);
        }
        assertThat(delivered).as("the message's delivered state came in a long poll").isTrue();
        long waited = System.nanoTime();
        JsonPath empty = authed().queryParam("after", end).queryParam("wait", "400ms").queryParam("route", "evented")
                .get("/v1/messages/events").then().statusCode(200).extract().jsonPath();
        assertThat(empty.getList("events")).isEmpty();
        assertThat(empty.getLong("next")).isGreaterThanOrEqualTo(end);
        assertThat((System.nanoTime() - waited) / 1_000_000).isGreaterThanOrEqualTo(400);
    }

    private static boolean deliveredIn(JsonPath answer, String id) {
        List<Map<String, Object>> events = answer.getList("events");
        return events.stream().anyMatch(e -> id.equals(e.get("id")) && "delivered".equals(e.get("status")));
    }

    @Test
    void badPositionsAndWaitsAreRefused() {
        authed().queryParam("wait", "soon").get("/v1/messages/events").then().statusCode(400)
                .contentType("application/problem+json").body("invalid-params[0].name", equalTo("wait"));
        authed().queryParam("after", "-1").get("/v1/messages/events").then().statusCode(400)
                .contentType("application/problem+json").body("invalid-params[0].name", equalTo("after"));
        authed().header("Last-Event-ID", "abc").accept("text/event-stream").get("/v1/messages/events").then()
                .statusCode(400).contentType("application/problem+json")
                .body("invalid-params[0].name", equalTo("Last-Event-ID"));
        authed().queryParam("route", "nowhere").get("/v1/messages/events").then().statusCode(404)
                .contentType("application/problem+json");
        authed().delete("/v1/messages/events").then().statusCode(405);
    }
}
