package io.outpost.delivery;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.outpost.testing.UpstreamResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.buffer.Buffer;

/** Retry classification and schedule against a real local upstream. */
@QuarkusTest
@WithTestResource(value = UpstreamResource.class, scope = TestResourceScope.GLOBAL)
class RetryDeliveryTest {

    private final TestUpstream upstream = TestUpstream.shared();

    /** This message's requests (routes are shared by the tests of one JVM). */
    private static List<Recorded> mine(List<Recorded> requests, String key) {
        return requests.stream().filter(r -> key.equals(r.header("Idempotency-Key"))).toList();
    }

    @Test
    void serverErrorsAreRetriedUntilTheUpstreamAccepts() {
        AtomicInteger tries = new AtomicInteger();
        upstream.behave("flaky", (r, n) -> tries.incrementAndGet() <= 3 ? Reply.status(500) : Reply.status(201));
        String id = accept("flaky", "{\"n\":1}", Map.of("Content-Type", "application/json"));
        JsonPath m = awaitStatus(id, "delivered", Duration.ofSeconds(15));
        assertThat(m.getInt("attempts")).isEqualTo(4);
        assertThat(m.getInt("lastStatus")).isEqualTo(201);
        assertThat(m.getString("deliveredAt")).isNotNull();
        assertThat(m.getString("lastError")).isNull();
        List<Recorded> seen = mine(upstream.requests("flaky"), id);
        assertThat(seen).hasSize(4);
        assertThat(seen).extracting(r -> r.header("Idempotency-Key")).containsOnly(id);
        assertThat(seen).extracting(r -> r.body().toString()).containsOnly("{\"n\":1}");
        assertThat(seen).extracting(r -> r.header("Content-Type")).containsOnly("application/json");
    }

    @Test
    void retryAfterIsHonoured() {
        AtomicInteger tries = new AtomicInteger();
        upstream.behave("limited", (r, n) -> tries.incrementAndGet() == 1
                ? Reply.status(429).withHeader("Retry-After", "2") : Reply.status(204));
        String key = "limited-" + UUID.randomUUID();
        String id = accept("limited", "x", Map.of("Idempotency-Key", key));
        awaitStatus(id, "delivered", Duration.ofSeconds(15));
        List<Recorded> seen = mine(upstream.requests("limited"), key);
        assertThat(seen).hasSize(2);
        long gapMillis = (seen.get(1).nanos() - seen.get(0).nanos()) / 1_000_000;
        assertThat(gapMillis).as("no attempt before Retry-After").isGreaterThanOrEqualTo(2000);
        assertThat(seen).extracting(r -> r.header("Idempotency-Key")).containsOnly(key);
    }

    @Test
    void droppedConnectionIsRetried() {
        AtomicInteger tries = new AtomicInteger();
        upstream.behave("dropped", (r, n) -> tries.incrementAndGet() == 1 ? Reply.closeConnection()
                : Reply.status(200));
        String id = accept("dropped", "x");
        JsonPath m = awaitStatus(id, "delivered", Duration.ofSeconds(15));
        assertThat(m.getInt("attempts")).isEqualTo(2);
        assertThat(mine(upstream.requests("dropped"), id)).hasSize(2);
    }

    @Test
    void responseSlowerThanTheTimeoutIsRetried() {
        AtomicInteger tries = new AtomicInteger();
        upstream.behave("slow", (r, n) -> tries.incrementAndGet() == 1 ? Reply.status(200).after(3000)
                : Reply.status(200));
        String id = accept("slow", "x");
        JsonPath m = awaitStatus(id, "delivered", Duration.ofSeconds(15));
        assertThat(m.getInt("attempts")).isEqualTo(2);
        List<Recorded> seen = mine(upstream.requests("slow"), id);
        long gapMillis = (seen.get(1).nanos() - seen.get(0).nanos()) / 1_000_000;
        assertThat(gapMillis).as("the second attempt did not wait for the slow answer").isLessThan(2500);
    }

    @Test
    void clientErrorIsDeadAtOnceWithItsBodyKept() {
        upstream.behave("bad", (r, n) -> Reply.status(422).withBody(Buffer.buffer("{\"error\":\"field temp is missing\"}")));
        String id = accept("bad", "{}");
        JsonPath m = awaitStatus(id, "dead", Duration.ofSeconds(10));
        assertThat(m.getInt("lastStatus")).isEqualTo(422);
        assertThat(m.getString("lastError")).contains("field temp is missing").startsWith("HTTP 422");
        assertThat(m.getInt("attempts")).isEqualTo(1);
        assertThat(mine(upstream.requests("bad"), id)).hasSize(1);
    }

    @Test
    void maxAttemptsSendsAMessageToTheDeadLetters() {
        upstream.behave("capped", (r, n) -> Reply.status(503));
        String id = accept("capped", "x");
        JsonPath m = awaitStatus(id, "dead", Duration.ofSeconds(10));
        assertThat(m.getInt("attempts")).isEqualTo(3);
        assertThat(m.getString("lastError")).contains("gave up after 3 attempts");
    }

    @Test
    void ttlRunningOutExpiresTheMessage() {
        upstream.behave("expiring", (r, n) -> Reply.status(500));
        String id = accept("expiring", "x", Map.of("Outpost-TTL", "2"));
        JsonPath m = awaitStatus(id, "expired", Duration.ofSeconds(15));
        assertThat(m.getString("lastError")).isNotBlank();
    }
}
