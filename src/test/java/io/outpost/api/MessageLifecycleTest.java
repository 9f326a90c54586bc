package io.outpost.api;

import static io.outpost.api.Api.authed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class MessageLifecycleTest {

    @Inject
    Pool pool;

    private String accept(String route, String body) {
        return authed().body(body).post("/v1/routes/" + route + "/messages").then().statusCode(202).extract().path("id");
    }

    private long[] usage() {
        var row = pool.query("select messages, bytes from outbox_usage").execute().await()
                .atMost(Duration.ofSeconds(5)).iterator().next();
        return new long[] { row.getLong(0), row.getLong(1) };
    }

    private void setState(String id, String status) {
        sql("update outbox_message set status = $2, attempts = 4 where id = $1", UUID.fromString(id), status);
    }

    private void sql(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(5));
    }

    private void claim(String id, String agent, double seconds) {
        sql("update outbox_message set status = 'delivering', claimed_by = $2, claim_until = statement_timestamp() "
                + "+ make_interval(secs => $3) where id = $1", UUID.fromString(id), agent, seconds);
    }

    @Test
    void aMessageWhoseClaimRanOutCanBeCancelledButALiveClaimCannot() {
        String orphan = accept("orders", "orphan");
        claim(orphan, "gone", -1);
        String held = accept("orders", "held");
        claim(held, "alive", 60);
        authed().delete("/v1/messages/" + orphan).then().statusCode(200).body("status", equalTo("cancelled"));
        authed().delete("/v1/messages/" + held).then().statusCode(409);
        claim(held, "alive", -1);
        authed().delete("/v1/messages/" + held).then().statusCode(200).body("status", equalTo("cancelled"));
    }

    @Test
    void cancelDropsTheMessageAndFreesItsRoom() {
        long[] start = usage();
        String id = accept("orders", "12345");
        assertThat(usage()).containsExactly(start[0] + 1, start[1] + 5);
        authed().delete("/v1/messages/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
        assertThat(usage()).containsExactly(start[0], start[1]);
        var body = pool.preparedQuery("select body from outbox_message where id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(5)).iterator().next();
        assertThat(body.getBuffer(0)).isNull();
        authed().delete("/v1/messages/" + id).then().statusCode(409).contentType("application/problem+json");
        authed().post("/v1/messages/" + id + "/retry").then().statusCode(409);
        authed().delete("/v1/messages/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void retryQueuesADeadMessageWithAFreshBudget() {
        String id = accept("orders", "x");
        authed().post("/v1/messages/" + id + "/retry").then().statusCode(409);
        setState(id, "dead");
        authed().post("/v1/messages/" + id + "/retry").then().statusCode(200)
                .body("status", equalTo("queued"), "attempts", equalTo(0));
    }

    @Test
    void retryOfAnExpiredMessageGivesItItsTtlAgain() {
        String id = authed().header("Outpost-TTL", "PT1H").body("x").post("/v1/routes/orders/messages").then()
                .statusCode(202).extract().path("id");
        // accepted two hours ago with a one-hour TTL, expired an hour ago
        sql("update outbox_message set status = 'expired', accepted_at = accepted_at - interval '2 hours', "
                + "expires_at = expires_at - interval '2 hours' where id = $1", UUID.fromString(id));
        JsonPath json = authed().post("/v1/messages/" + id + "/retry").then().statusCode(200).extract().jsonPath();
        assertThat(json.getString("status")).isEqualTo("queued");
        Instant expires = Instant.parse(json.getString("expiresAt"));
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
    }

    @Test
    void deadMessageCanBeCancelled() {
        String id = accept("orders", "x");
        setState(id, "dead");
        authed().delete("/v1/messages/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
    }

    @Test
    void listingPagesThroughMessagesOldestFirst() {
        String route = "telemetry";
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(i % 2 == 0 ? accept(route, "m" + i) // keyed and unkeyed ones are listed from different indexes
                    : authed().header("Outpost-Ordering-Key", "k").body("m" + i).post("/v1/routes/" + route
                            + "/messages").then().statusCode(202).extract().path("id"));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        boolean more = true;
        int pages = 0;
        while (more) {
            var req = authed().queryParam("route", route).queryParam("status", "queued").queryParam("limit", 2);
            if (after != null) {
                req.queryParam("after", after);
            }
            JsonPath page = req.get("/v1/messages").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            assertThat(page.getList("items.route", String.class)).containsOnly(route);
            more = page.getBoolean("hasMore");
            after = page.getString("next");
            pages++;
        }
        assertThat(seen).containsSubsequence(mine);
        assertThat(pages).isGreaterThanOrEqualTo(3);
        JsonPath tail = authed().queryParam("after", after).queryParam("route", route).get("/v1/messages").then()
                .statusCode(200).extract().jsonPath();
        assertThat(tail.getList("items")).isEmpty();
        assertThat(tail.getString("next")).isNull();
    }
}
