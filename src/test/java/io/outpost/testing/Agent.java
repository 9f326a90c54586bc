package io.outpost.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** The agent's API as the delivery tests use it (the test profile's token included). */
public final class Agent {

    private Agent() {
    }

    public static RequestSpecification api() {
        return given().filter(new StoreRetry()).header("Authorization", "Bearer test-token");
    }

    /** Accepts a message and returns its id. */
    public static String accept(String route, String body, Map<String, String> headers) {
        return api().headers(headers).body(body).post("/v1/routes/" + route + "/messages").then().statusCode(202)
                .extract().path("id");
    }

    public static String accept(String route, String body) {
        return accept(route, body, Map.of());
    }

    public static JsonPath message(String id) {
        return api().get("/v1/messages/" + id).then().statusCode(200).extract().jsonPath();
    }

    /**
     * Waits for the message to reach {@code status} and returns its record then. The first look is at once
     * (Awaitility's poll delay defaults to its interval): a loop over many delivered messages pays nothing.
     */
    public static JsonPath awaitStatus(String id, String status, Duration within) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = message(id);
            return status.equals(last[0].getString("status"));
        });
        return last[0];
    }

    /**
     * Waits until every one of {@code ids} is in {@code status}, reading the route's messages in that status a
     * page of 1,000 at a time: one request per look instead of one per message (200 sequential reads of a
     * message cost 15 s on a loaded machine).
     */
    public static void awaitAllStatus(String route, Collection<String> ids, String status, Duration within) {
        await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> idsIn(route, status).containsAll(ids));
    }

    private static Set<String> idsIn(String route, String status) {
        Set<String> ids = new HashSet<>();
        String after = "0";
        while (true) {
            JsonPath page = api().queryParam("route", route).queryParam("status", status).queryParam("limit", 1000)
                    .queryParam("after", after).get("/v1/messages").then().statusCode(200).extract().jsonPath();
            List<String> items = page.getList("items.id");
            ids.addAll(items);
            if (!page.getBoolean("hasMore") || items.isEmpty()) {
                return ids;
            }
            after = page.getString("next");
        }
    }

    /**
     * Runs {@code accept} for 0 until {@code n} from {@code lanes} clients at once: lane {@code l} takes the
     * indexes {@code i % lanes == l}, in increasing order, so what one lane sends keeps its order (put the
     * messages of one ordering key in one lane). One client after the other paid a round trip and a group
     * commit per message: 1,000 accepts took 30 s on a loaded machine. Returns the ids by index.
     */
    public static List<String> acceptConcurrently(int lanes, int n, IntFunction<String> accept) {
        String[] ids = new String[n];
        ExecutorService pool = Executors.newFixedThreadPool(lanes);
        try {
            CompletableFuture<?>[] runs = new CompletableFuture<?>[lanes];
            for (int l = 0; l < lanes; l++) {
                int lane = l;
                runs[l] = CompletableFuture.runAsync(() -> {
                    for (int i = lane; i < n; i += lanes) {
                        ids[i] = accept.apply(i);
                    }
                }, pool);
            }
            CompletableFuture.allOf(runs).join();
        } finally {
            pool.shutdownNow();
        }
        return Arrays.asList(ids);
    }
}
