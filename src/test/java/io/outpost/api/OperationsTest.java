package io.outpost.api;

import static io.outpost.api.Api.authed;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.Map;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.context.SmallRyeThreadContext;
import io.smallrye.context.impl.ThreadContextProviderPlan;

@QuarkusTest
class OperationsTest {

    @Test
    void mutinyCallbacksCaptureNoThreadContext() {
        // Each Mutiny callback of the relay would otherwise capture and restore CDI and JTA thread context.
        ThreadContextProviderPlan plan = SmallRyeThreadContext.getCurrentThreadContextOrDefaultContexts().getPlan();
        assertThat(plan.propagatedProviders).isEmpty();
        assertThat(plan.clearedProviders).isEmpty();
    }

    @Test
    void routesShowTheirCounts() {
        JsonPath before = authed().get("/v1/routes/telemetry").then().statusCode(200).extract().jsonPath();
        authed().body("x").post("/v1/routes/telemetry/messages").then().statusCode(202);
        JsonPath after = authed().get("/v1/routes/telemetry").then().statusCode(200).extract().jsonPath();
        assertThat(after.getLong("queued")).isEqualTo(before.getLong("queued") + 1);
        Map<String, Object> route = after.getMap("");
        assertThat(route).containsOnlyKeys("name", "url", "circuit", "reachable", "queued", "delivering", "dead",
                "oldestQueuedAgeSeconds", "deliveredTotal", "failedTotal", "fleetShare", "budget");
        // alone, the agent holds the whole of the route's limits
        assertThat(after.getMap("fleetShare")).containsEntry("agents", 1).containsEntry("concurrency", 4);
        assertThat(route).containsEntry("name", "telemetry").containsEntry("url", "http://127.0.0.1:9/telemetry");
        authed().get("/v1/routes").then().statusCode(200).body("name", hasItems("orders", "telemetry"));
    }

    @Test
    void theFleetIsThisAgentAloneWithItsHeartbeat() {
        JsonPath fleet = authed().get("/v1/fleet").then().statusCode(200).extract().jsonPath();
        assertThat(fleet.getList("")).hasSize(1);
        assertThat(fleet.getMap("[0]")).containsOnlyKeys("id", "since", "heartbeatAt", "claims");
        assertThat(fleet.getString("[0].id")).contains(":");
        authed().get("/q/metrics").then().statusCode(200).body(containsString("outpost_fleet_oldest_claim_seconds"));
    }

    @Test
    void prometheusMetricsCountAccepts() {
        authed().body("x").post("/v1/routes/orders/messages").then().statusCode(202);
        authed().get("/q/metrics").then().statusCode(200)
                .body(containsString("outpost_outbox_accepted_total{route=\"orders\"}"),
                        containsString("outpost_outbox_depth{route=\"orders\"}"),
                        containsString("outpost_outbox_messages{route=\"orders\",status=\"queued\"}"));
    }

    @Test
    void transferSeriesExistBeforeTheFirstTransfer() { // so that an alert on failures has a series to watch
        authed().get("/q/metrics").then().statusCode(200).body(
                containsString("outpost_transfers_total{direction=\"upload\",result=\"failed\",route=\"telemetry\"}"),
                containsString("outpost_transfer_bytes_total{direction=\"download\",route=\"telemetry\"}"));
    }

    @Test
    void requestMetricsDoNotGrowWithSubpaths() {
        authed().body("x").post("/v1/routes/orders/messages/devices/12345/state").then().statusCode(202);
        String metrics = authed().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("uri=\"/v1/routes/{route}/messages\"").doesNotContain("devices/12345");
    }

    @Test
    void metricsOpenApiAndHealthAreOpenTheApiIsNot() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("outpost_outbox_accepted_total"));
        given().accept("application/json").get("/q/openapi").then().statusCode(200);
        given().get("/q/health").then().statusCode(200);
        given().get("/v1/routes").then().statusCode(401).contentType("application/problem+json");
        // tricks with the path do not get around it
        given().urlEncodingEnabled(false).get("/./v1/routes").then().statusCode(401);
        given().urlEncodingEnabled(false).get("/q/metrics/../../v1/routes").then()
                .statusCode(Matchers.oneOf(401, 404));
    }

    @Test
    void metricsAndOpenApiCanBeGuardedToo() {
        assertThat(ApiAuthentication.guarded("/q/metrics", false, false)).isTrue();
        assertThat(ApiAuthentication.guarded("/q/openapi", false, false)).isTrue();
        assertThat(ApiAuthentication.guarded("/q/metrics", true, true)).isFalse();
        assertThat(ApiAuthentication.guarded("/q/health/ready", false, false)).isFalse();
        assertThat(ApiAuthentication.guarded("/v1/routes", true, true)).isTrue();
        // the REST layer drops matrix parameters from every segment: the guard must see through them too
        for (String path : new String[] { "/v1;a=b/routes", "/v1;/messages", "/v1%3Bx/network", "/v1;x",
                "/q;x/metrics" }) {
            assertThat(ApiAuthentication.guarded(path, false, false)).as(path).isTrue();
        }
    }

    @Test
    void openApiDescribesTheApi() {
        authed().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", Matchers.hasKey("/v1/routes/{route}/messages"))
                .body("info.title", equalTo("Outpost local API"));
    }
}
