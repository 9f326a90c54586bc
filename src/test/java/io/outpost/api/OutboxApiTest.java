package io.outpost.api;

import static io.outpost.api.Api.authed;
import static io.outpost.api.Api.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class OutboxApiTest {

    @Inject
    Pool pool;

    private Row stored(String id) {
        return pool.preparedQuery("select * from outbox_message where id = $1").execute(Tuple.of(UUID.fromString(id)))
                .await().atMost(Duration.ofSeconds(5)).iterator().next();
    }

    @Test
    void acceptAnswers202WithTheContractShapeAfterStoring() {
        Response r = authed().contentType("application/json").header("Outpost-Priority", "2")
                .header("Outpost-Ordering-Key", "sensor-4").header("Outpost-TTL", "60").body("{\"t\":21.5}")
                .post("/v1/routes/orders/messages");
        r.then().statusCode(202).contentType("application/json")
                .body("route", equalTo("orders"), "status", equalTo("queued"), "priority", equalTo(2),
                        "orderingKey", equalTo("sensor-4"), "acceptedAt", notNullValue());
        JsonPath json = r.jsonPath();
        String id = json.getString("id");
        assertThat(r.header("Location")).isEqualTo("/v1/messages/" + id);
        Instant accepted = Instant.parse(json.getString("acceptedAt"));
        assertThat(Instant.parse(json.getString("expiresAt"))).isEqualTo(accepted.plusSeconds(60));
        assertThat(json.getMap("")).containsOnlyKeys("id", "route", "status", "priority", "orderingKey", "acceptedAt",
                "expiresAt");

        Row row = stored(id);
        assertThat(row.getBuffer("body").toString()).isEqualTo("{\"t\":21.5}");
        assertThat(row.getString("content_type")).isEqualTo("application/json");
        assertThat(row.getString("method")).isEqualTo("POST");

        authed().get("/v1/messages/" + id).then().statusCode(200)
                .body("id", equalTo(id), "status", equalTo("queued"), "attempts", equalTo(0),
                        "nextAttemptAt", notNullValue(), "deliveredAt", nullValue(), "lastStatus", nullValue(),
                        "lastError", nullValue(), "orderingKey", equalTo("sensor-4"));
    }

    @Test
    void subpathQueryAndMethodAreKeptForDelivery() {
        String id = authed().urlEncodingEnabled(false).header("Outpost-Method", "put").body("x")
                .post("/v1/routes/orders/messages/devices/7/state?full=true&n=a%20b")
                .then().statusCode(202).extract().path("id");
        Row row = stored(id);
        assertThat(row.getString("subpath")).isEqualTo("/devices/7/state?full=true&n=a%20b");
        assertThat(row.getString("method")).isEqualTo("PUT");
    }

    @Test
    void emptyBodyIsAMessageToo() {
        String id = authed().post("/v1/routes/orders/messages").then().statusCode(202).extract().path("id");
        assertThat(stored(id).getInteger("size")).isZero();
    }

    @Test
    void repeatedIdempotencyKeyReturns200WithTheFirstRecordAndStoresNothing() {
        String key = key();
        String first = authed().header("Idempotency-Key", key).body("one").post("/v1/routes/orders/messages")
                .then().statusCode(202).extract().path("id");
        Response again = authed().header("Idempotency-Key", key).body("two").post("/v1/routes/orders/messages");
        again.then().statusCode(200).body("id", equalTo(first), "status", equalTo("queued"), "attempts", equalTo(0));
        assertThat(again.header("Location")).isEqualTo("/v1/messages/" + first);
        assertThat(countWithKey("orders", key)).isEqualTo(1);
        assertThat(stored(first).getBuffer("body").toString()).isEqualTo("one");
        // keys are per route
        authed().header("Idempotency-Key", key).body("three").post("/v1/routes/telemetry/messages").then()
                .statusCode(202);
    }

    long countWithKey(String route, String key) {
        return pool.preparedQuery("select count(*) from outbox_message where route = $1 and idempotency_key = $2")
                .execute(Tuple.of(route, key)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    @Test
    void unknownMessageIs404Problem() {
        authed().get("/v1/messages/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404), "title", notNullValue());
        authed().get("/v1/messages/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void acceptedWorkIsCommittedWithDurableSettings() {
        for (String setting : new String[] { "fsync", "synchronous_commit", "full_page_writes" }) {
            String value = pool.query("show " + setting).execute().await().atMost(Duration.ofSeconds(5)).iterator()
                    .next().getString(0);
            assertThat(value).as(setting).isEqualTo("on");
        }
    }
}
