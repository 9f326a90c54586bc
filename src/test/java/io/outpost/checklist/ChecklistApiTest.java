package io.outpost.checklist;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.api;
import static io.outpost.testing.Agent.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.outpost.testing.UpstreamResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code GET /v1/checklist} on the running agent: a route configured to follow every check is ok on each,
 * and real traffic from the test upstream (429 answers, failures that open the breaker, a refused message)
 * trips the observed checks of the routes it goes to.
 */
@QuarkusTest
@WithTestResource(value = UpstreamResource.class, scope = TestResourceScope.GLOBAL)
class ChecklistApiTest {

    private final TestUpstream upstream = TestUpstream.shared();

    private static List<Map<String, Object>> items() {
        return api().get("/v1/checklist").then().statusCode(200).contentType("application/json")
                .extract().jsonPath().getList("items");
    }

    private static Map<String, Object> item(String id, String route) {
        return items().stream().filter(i -> id.equals(i.get("id")) && route.equals(i.get("route"))).findFirst()
                .orElseThrow(() -> new AssertionError("no item " + id + " for " + route));
    }

    @Test
    void aRouteThatFollowsEveryCheckIsOkOnEach() {
        List<Map<String, Object>> items = items();

        List<Map<String, Object>> checked = items.stream().filter(i -> "checked".equals(i.get("route"))).toList();
        assertThat(checked).hasSize(13).allSatisfy(i -> {
            assertThat(i).as("%s", i).containsEntry("status", "ok").containsKeys("title", "detail");
            assertThat(i.get("docs")).isEqualTo("src/docs/checklist.md#" + i.get("id"));
        });
        assertThat(items).filteredOn(i -> i.get("id").equals("api-token")).singleElement()
                .satisfies(i -> assertThat(i).doesNotContainKey("route"));
    }

    /** The test profile's token is a property in a file: the check reads Quarkus's real sources. */
    @Test
    void theTestProfilesTokenIsFlaggedAsWrittenInAFile() {
        Map<String, Object> token = items().stream().filter(i -> i.get("id").equals("api-token")).findFirst()
                .orElseThrow();

        assertThat(token).containsEntry("status", "warn");
        assertThat((String) token.get("detail")).startsWith("outpost.api.token is written in ")
                .contains("application.properties");
    }

    @Test
    void aRouteAnswering429WithoutARateLimitFailsAndItsDeadMessageIsFlagged() {
        upstream.behave("checked-429", (r, n) -> Reply.status(429));

        awaitStatus(accept("checked-429", "x"), "dead", Duration.ofSeconds(15));

        Map<String, Object> limit = item("route-rate-limit", "checked-429");
        assertThat(limit).containsEntry("status", "fail");
        assertThat((String) limit.get("detail")).contains("answered 429", "no outpost.routes.checked-429.rate-limit");
        assertThat(item("route-dead", "checked-429")).containsEntry("status", "warn");
        assertThat(item("route-rate-limit", "checked")).containsEntry("status", "ok");
    }

    @Test
    void aBreakerThatOpenedIsFlagged() {
        upstream.behave("checked-breaker", (r, n) -> Reply.status(503));
        try {
            accept("checked-breaker", "x");

            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !"ok".equals(item("route-circuit", "checked-breaker").get("status")));
            Map<String, Object> circuit = item("route-circuit", "checked-breaker");
            assertThat(circuit.get("status")).isIn("fail", "warn");
            assertThat((String) circuit.get("detail")).contains("opened at");
        } finally {
            upstream.behave("checked-breaker", (r, n) -> Reply.status(204));
        }
    }

    @Test
    void itNeedsTheTokenAndIsGetOnly() {
        given().get("/v1/checklist").then().statusCode(401);
        api().post("/v1/checklist").then().statusCode(405);
    }
}
