package io.outpost.delivery;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.api;
import static io.outpost.testing.Agent.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * An upstream that takes a second per answer, concurrency 2: "delivering" means on the way (the two in
 * flight and at most one claimed next), and the others stay queued, so that they can still be cancelled.
 */
@QuarkusTest
class SlowUpstreamDeliveryTest {

    private final TestUpstream upstream = TestUpstream.shared();

    @Test
    void messagesWaitingForASlowUpstreamStayQueuedAndCancellable() {
        upstream.behave("unhurried", (r, n) -> Reply.status(204).after(1000));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(accept("unhurried", "m" + i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.requests("unhurried").size() >= 2);

        JsonPath route = api().get("/v1/routes/unhurried").then().statusCode(200).extract().jsonPath();
        assertThat(route.getInt("delivering")).as("in flight, and at most one claimed next").isBetween(2, 3);
        assertThat(route.getInt("queued")).isGreaterThanOrEqualTo(3);
        String last = ids.remove(ids.size() - 1);
        api().delete("/v1/messages/" + last).then().statusCode(200);

        await().atMost(Duration.ofSeconds(20)).until(
                () -> ids.stream().allMatch(id -> "delivered".equals(message(id).getString("status"))));
        assertThat(message(last).getString("status")).isEqualTo("cancelled");
        assertThat(upstream.requests("unhurried")).hasSize(5);
    }
}
