package io.outpost.api;

import static io.outpost.api.Api.authed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The served OpenAPI document against the local API contract (CONTRACT.md and the README's tables): each
 * operation's success statuses, the error statuses the code answers, problem+json errors, the bearer token,
 * operation ids, and no framework types leaking in as schemas.
 */
@QuarkusTest
class OpenApiContractTest {

    private static final String PROBLEM = "application/problem+json";

    /** Every /v1 operation with exactly the 2xx statuses it answers. */
    private static final Map<String, Set<String>> SUCCESS = Map.ofEntries(
            Map.entry("POST /v1/routes/{route}/messages", Set.of("202", "200")),
            Map.entry("POST /v1/routes/{route}/messages/{subpath}", Set.of("202", "200")),
            Map.entry("GET /v1/messages", Set.of("200")),
            Map.entry("GET /v1/messages/{id}", Set.of("200")),
            Map.entry("DELETE /v1/messages/{id}", Set.of("200")),
            Map.entry("POST /v1/messages/{id}/retry", Set.of("200")),
            Map.entry("GET /v1/routes", Set.of("200")),
            Map.entry("GET /v1/routes/{route}", Set.of("200")),
            Map.entry("GET /v1/network", Set.of("200")),
            Map.entry("GET /v1/fleet", Set.of("200")),
            Map.entry("GET /v1/network/events", Set.of("200")),
            Map.entry("GET /v1/messages/events", Set.of("200")),
            Map.entry("GET /v1/checklist", Set.of("200")),
            Map.entry("GET /v1/routes/{route}/fetch/{path}", Set.of("200")),
            Map.entry("HEAD /v1/routes/{route}/fetch/{path}", Set.of("200")),
            Map.entry("POST /v1/routes/{route}/fetch/{path}", Set.of("200", "202")),
            Map.entry("PUT /v1/routes/{route}/fetch/{path}", Set.of("200", "202")),
            Map.entry("PATCH /v1/routes/{route}/fetch/{path}", Set.of("200", "202")),
            Map.entry("DELETE /v1/routes/{route}/fetch/{path}", Set.of("200", "202")),
            Map.entry("DELETE /v1/cache/{route}", Set.of("200")),
            Map.entry("DELETE /v1/cache/{route}/{path}", Set.of("200")),
            Map.entry("GET /v1/streams", Set.of("200")),
            Map.entry("GET /v1/streams/{name}", Set.of("200")),
            Map.entry("GET /v1/streams/{name}/events", Set.of("200")),
            Map.entry("GET /v1/streams/{name}/ws", Set.of()),
            Map.entry("POST /v1/streams/{name}/messages", Set.of("202", "200")),
            Map.entry("GET /v1/streams/{name}/messages/{id}", Set.of("200")),
            Map.entry("PUT /v1/routes/{route}/uploads/{path}", Set.of("202")),
            Map.entry("POST /v1/transfers", Set.of("202")),
            Map.entry("GET /v1/transfers", Set.of("200")),
            Map.entry("GET /v1/transfers/{id}", Set.of("200")),
            Map.entry("GET /v1/transfers/{id}/events", Set.of("200")),
            Map.entry("GET /v1/transfers/{id}/content", Set.of("200", "206")),
            Map.entry("DELETE /v1/transfers/{id}", Set.of("204")));

    /** The error statuses each operation's code answers (401 is checked for all of them separately). */
    private static final Map<String, Set<String>> ERRORS = Map.ofEntries(
            Map.entry("POST /v1/routes/{route}/messages", Set.of("400", "404", "413", "503", "507")),
            Map.entry("POST /v1/routes/{route}/messages/{subpath}", Set.of("400", "404", "413", "503", "507")),
            Map.entry("GET /v1/messages", Set.of("400", "503")),
            Map.entry("GET /v1/messages/{id}", Set.of("404", "503")),
            Map.entry("DELETE /v1/messages/{id}", Set.of("404", "409", "503")),
            Map.entry("POST /v1/messages/{id}/retry", Set.of("404", "409", "503")),
            Map.entry("GET /v1/routes", Set.of("503")),
            Map.entry("GET /v1/fleet", Set.of("503")),
            Map.entry("GET /v1/routes/{route}", Set.of("404", "503")),
            Map.entry("GET /v1/checklist", Set.of("503")),
            Map.entry("GET /v1/routes/{route}/fetch/{path}", Set.of("400", "404", "502", "504")),
            Map.entry("HEAD /v1/routes/{route}/fetch/{path}", Set.of("400", "404", "502", "504")),
            Map.entry("POST /v1/routes/{route}/fetch/{path}", Set.of("400", "404", "413", "502", "503", "504")),
            Map.entry("PUT /v1/routes/{route}/fetch/{path}", Set.of("400", "404", "413", "502", "503", "504")),
            Map.entry("PATCH /v1/routes/{route}/fetch/{path}", Set.of("400", "404", "413", "502", "503", "504")),
            Map.entry("DELETE /v1/routes/{route}/fetch/{path}", Set.of("400", "404", "413", "502", "503", "504")),
            Map.entry("DELETE /v1/cache/{route}", Set.of("400", "404", "503")),
            Map.entry("DELETE /v1/cache/{route}/{path}", Set.of("400", "404", "503")),
            Map.entry("GET /v1/streams/{name}", Set.of("404")),
            Map.entry("GET /v1/streams/{name}/events", Set.of("400", "404", "503")),
            Map.entry("GET /v1/streams/{name}/ws", Set.of("400", "404", "426")),
            Map.entry("GET /v1/messages/events", Set.of("400", "404", "503")),
            Map.entry("POST /v1/streams/{name}/messages", Set.of("400", "404", "409", "413", "503")),
            Map.entry("GET /v1/streams/{name}/messages/{id}", Set.of("404", "503")),
            Map.entry("PUT /v1/routes/{route}/uploads/{path}", Set.of("400", "404", "413", "503", "507")),
            Map.entry("POST /v1/transfers", Set.of("400", "404", "415", "503")),
            Map.entry("GET /v1/transfers", Set.of("400", "503")),
            Map.entry("GET /v1/transfers/{id}", Set.of("404", "503")),
            Map.entry("GET /v1/transfers/{id}/events", Set.of("404", "503")),
            Map.entry("GET /v1/transfers/{id}/content", Set.of("404", "409", "416", "503")),
            Map.entry("DELETE /v1/transfers/{id}", Set.of("404", "409", "503")));

    private static final Set<String> EVENT_STREAMS = Set.of("GET /v1/network/events", "GET /v1/messages/events",
            "GET /v1/streams/{name}/events", "GET /v1/transfers/{id}/events");

    private static Map<String, Object> doc;
    private static Map<String, Map<String, Object>> operations;

    /** Once: RestAssured knows the test port only from the first test on, not in a {@code @BeforeAll}. */
    @BeforeEach
    void read() {
        if (doc != null) {
            return;
        }
        doc = authed().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath().getMap("");
        operations = new TreeMap<>();
        map(doc, "paths").forEach((path, item) -> map(item).forEach((method, op) -> {
            if (path.startsWith("/v1") && Set.of("get", "put", "post", "delete", "patch", "head").contains(method)) {
                operations.put(method.toUpperCase() + " " + path, map(op));
            }
        }));
    }

    @Test
    void everyOperationOfTheContractIsThereWithItsSuccessStatuses() {
        assertThat(operations.keySet()).containsExactlyInAnyOrderElementsOf(SUCCESS.keySet());
        operations.forEach((op, operation) -> assertThat(codes(operation).stream().filter(c -> c.startsWith("2")))
                .as(op).containsExactlyInAnyOrderElementsOf(SUCCESS.get(op)));
    }

    @Test
    void everyOperationListsTheErrorsItsCodeAnswers() {
        ERRORS.forEach((op, errors) -> assertThat(codes(operations.get(op))).as(op).containsAll(errors));
    }

    @Test
    void everyOperationHasAUniqueOperationId() {
        Set<String> ids = new HashSet<>();
        operations.forEach((op, operation) -> {
            assertThat((String) operation.get("operationId")).as(op).isNotBlank();
            assertThat(ids.add((String) operation.get("operationId"))).as(op + " duplicate id").isTrue();
        });
    }

    @Test
    void everyOperationNeedsTheBearerTokenAndSays401() {
        Map<String, Object> schemes = map(map(doc, "components"), "securitySchemes");
        Set<String> bearer = schemes.entrySet().stream()
                .filter(e -> "http".equals(map(e.getValue()).get("type"))
                        && "bearer".equalsIgnoreCase((String) map(e.getValue()).get("scheme")))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(bearer).as("a bearer security scheme").isNotEmpty();
        operations.forEach((op, operation) -> {
            Object security = operation.containsKey("security") ? operation.get("security") : doc.get("security");
            assertThat(security).as(op + " security").isNotNull();
            List<Map<String, Object>> requirements = list(security);
            assertThat(requirements).as(op + " security").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.keySet()).containsAnyElementsOf(bearer));
            assertThat(codes(operation)).as(op).contains("401");
        });
    }

    @Test
    void errorsAreProblemDetails() {
        Map<String, Object> problem = map(map(map(doc, "components"), "schemas"), "Problem");
        assertThat(map(problem, "properties")).containsKeys("type", "title", "status", "detail", "invalid-params");
        operations.forEach((op, operation) -> map(operation, "responses").forEach((code, ref) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                Map<String, Object> content = map(resolve(ref), "content");
                assertThat(content).as(op + " " + code).containsOnlyKeys(PROBLEM);
                assertThat(map(map(content, PROBLEM), "schema")).as(op + " " + code)
                        .containsEntry("$ref", "#/components/schemas/Problem");
                if (code.equals("503")) { // every 503 is the store's, with Retry-After
                    assertThat(map(resolve(ref), "headers")).as(op + " " + code).containsKey("Retry-After");
                }
            }
        }));
    }

    @Test
    void eventStreamsAreTextNotFrameworkTypes() {
        assertThat(map(map(doc, "components"), "schemas")).doesNotContainKeys("OutboundSseEvent", "MediaType");
        EVENT_STREAMS.forEach(op -> {
            Map<String, Object> ok = map(map(map(resolve(map(map(operations.get(op), "responses"), "200")),
                    "content"), "text/event-stream"), "schema");
            assertThat(ok).as(op).containsEntry("type", "string");
        });
    }

    private static Set<String> codes(Map<String, Object> operation) {
        return map(operation, "responses").keySet();
    }

    /** A response, or the component a {@code $ref} names. */
    private static Map<String, Object> resolve(Object response) {
        String ref = (String) map(response).get("$ref");
        if (ref == null) {
            return map(response);
        }
        assertThat(ref).startsWith("#/components/responses/");
        return map(map(map(doc, "components"), "responses"), ref.substring("#/components/responses/".length()));
    }

    private static Map<String, Object> map(Object parent, String key) {
        Object value = map(parent).get(key);
        assertThat(value).as(key).isNotNull();
        return map(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }
}
