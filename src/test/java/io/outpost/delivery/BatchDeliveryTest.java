package io.outpost.delivery;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.api;
import static io.outpost.testing.Agent.acceptConcurrently;
import static io.outpost.testing.Agent.awaitAllStatus;
import static io.outpost.testing.Agent.awaitStatus;
import static io.outpost.testing.Agent.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Route batching against a real loopback upstream: formation, formats, splits, ordering, retries. */
@QuarkusTest
class BatchDeliveryTest {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private final TestUpstream upstream = TestUpstream.shared();

    @Test
    void aThousandMessagesGoInAboutTwentyNdjsonBatches() {
        // answers wait until every message is accepted: the first requests go with what was there, the rest
        // finds a backlog (however slowly a loaded machine accepts) and fills its batches
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        upstream.behave("batched", (r, n) -> Reply.status(204).heldUntil(accepted));
        List<String> ids = acceptConcurrently(8, 1000, i -> accept("batched", "{\"n\":" + i + "}", JSON));
        accepted.complete(null);
        awaitAllStatus("batched", ids, "delivered", Duration.ofSeconds(60));

        List<Recorded> seen = posts("batched");
        assertThat(seen.size()).as("requests for 1,000 messages of at most 50").isBetween(20, 25);
        Set<Integer> numbers = new HashSet<>();
        List<String> keys = new ArrayList<>();
        for (Recorded r : seen) {
            assertThat(r.header("Content-Type")).isEqualTo("application/x-ndjson");
            assertThat(r.body().toString()).endsWith("\n");
            String[] lines = r.body().toString().split("\n");
            assertThat(lines.length).isLessThanOrEqualTo(50);
            List<String> members = batchKeys(r);
            assertThat(members).hasSize(lines.length);
            for (String line : lines) {
                numbers.add(new JsonObject(line).getInteger("n"));
            }
            keys.addAll(members);
            assertThat(r.header("Idempotency-Key")).startsWith(lines.length > 1 ? "batch-" : "");
        }
        assertThat(numbers).hasSize(1000);
        // at least once: on a slow machine a held batch can time out and go again, its members with their keys
        assertThat(new HashSet<>(keys)).as("each message's own key, generated at accept: its id")
                .isEqualTo(new HashSet<>(ids));
    }

    @Test
    void messagesThatDoNotFitTheFormatGoAlone() {
        upstream.behave("batchalone", (r, n) -> Reply.status(204));
        String text = accept("batchalone", "plain words", Map.of("Content-Type", "text/plain"));
        String sub = api().headers(JSON).body("{\"a\":1}").post("/v1/routes/batchalone/messages/sub").then()
                .statusCode(202).extract().path("id");
        String lines = accept("batchalone", "{\"a\":\n1}", JSON);
        String broken = accept("batchalone", "{\"a\":", JSON);
        String put = accept("batchalone", "{\"a\":2}", Map.of("Content-Type", "application/json",
                "Outpost-Method", "PUT"));
        String batched = accept("batchalone", "{\"a\":3}", JSON);
        awaitStatus(batched, "delivered", Duration.ofSeconds(10));
        assertThat(posts("batchalone").stream().filter(r -> r.header(BatchFormat.KEYS_HEADER) != null)
                .flatMap(r -> batchKeys(r).stream())).as("a JSON POST still goes as a batch (of one)")
                .containsExactly(batched);
        for (String id : List.of(text, sub, lines, broken, put)) {
            awaitStatus(id, "delivered", Duration.ofSeconds(10));
            Recorded r = upstream.requests("batchalone").stream().filter(x -> id.equals(x.header("Idempotency-Key"))).findFirst()
                    .orElseThrow();
            assertThat(r.header(BatchFormat.KEYS_HEADER)).as("sent alone, as without batching").isNull();
        }
        assertThat(posts("batchalone").stream().filter(r -> r.path().endsWith("/sub"))).hasSize(1);
    }

    @Test
    void aRefusedMemberEndsDeadAloneAfterSplitsAndTheOthersAreDelivered() {
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        upstream.behave("batcharray", (r, n) -> (r.body().toString().contains("\"poison\"")
                ? Reply.status(400).withBody(Buffer.buffer("reading 137 has no sensor id")) : Reply.status(200))
                .heldUntil(accepted));
        List<String> ids = acceptConcurrently(4, 200, i -> accept("batcharray",
                i == 137 ? "{\"poison\":" + i + "}" : "{\"n\":" + i + "}", JSON));
        accepted.complete(null);
        var dead = awaitStatus(ids.get(137), "dead", Duration.ofSeconds(60));
        assertThat(dead.getInt("lastStatus")).isEqualTo(400);
        assertThat(dead.getString("lastError")).contains("reading 137 has no sensor id");
        assertThat(dead.getInt("attempts")).isEqualTo(1);
        List<String> others = new ArrayList<>(ids);
        others.remove(137);
        awaitAllStatus("batcharray", others, "delivered", Duration.ofSeconds(60));
        for (Recorded r : posts("batcharray")) {
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(new JsonArray(r.body().toString()).size()).isEqualTo(batchKeys(r).size());
        }
        // the poisoned batch of at most 50, then halves: 25, 13, 7, 4, 2, 1, each beside its twin
        List<Recorded> poisoned = posts("batcharray").stream().filter(r -> batchKeys(r).contains(ids.get(137))).toList();
        assertThat(poisoned.size()).isBetween(2, 7);
        assertThat(batchKeys(poisoned.get(poisoned.size() - 1))).containsExactly(ids.get(137));
        assertThat(posts("batcharray").size()).isLessThanOrEqualTo(200 / 50 + 2 * 6 + 4);
    }

    @Test
    void perKeyOrderHoldsAcrossBatches() {
        int keys = 5;
        int messages = 500;
        upstream.behave("batchkeyed", (r, n) -> Reply.status(204).after(ThreadLocalRandom.current().nextLong(1, 6)));
        List<String> ids = acceptConcurrently(keys, messages, i -> accept("batchkeyed",
                "{\"k\":\"k" + (i % keys) + "\",\"i\":" + (i / keys) + "}",
                Map.of("Content-Type", "application/json", "Outpost-Ordering-Key", "k" + (i % keys))));
        awaitAllStatus("batchkeyed", ids, "delivered", Duration.ofSeconds(90));

        List<Recorded> seen = new ArrayList<>(posts("batchkeyed"));
        seen.sort(Comparator.comparingLong(Recorded::nanos));
        Map<String, List<Integer>> order = new HashMap<>();
        Map<String, Recorded> previous = new HashMap<>();
        for (Recorded r : seen) {
            for (String line : r.body().toString().split("\n")) {
                JsonObject m = new JsonObject(line);
                String key = m.getString("k");
                order.computeIfAbsent(key, k -> new ArrayList<>()).add(m.getInteger("i"));
                Recorded before = previous.put(key, r);
                if (before != null && before != r) {
                    assertThat(r.nanos()).as("%s: a batch sent before the one with its previous message was answered",
                            key).isGreaterThanOrEqualTo(upstream.answeredAt(before));
                }
            }
        }
        assertThat(order).hasSize(keys);
        order.forEach((key, seq) -> assertThat(seq).as("accept order of %s", key)
                .isEqualTo(java.util.stream.IntStream.range(0, messages / keys).boxed().toList()));
        assertThat(seen.stream().anyMatch(r -> batchKeys(r).size() > 1)).as("keys shared batches").isTrue();
    }

    @Test
    void aRetriedBatchGoesAgainAsOneWithTheSameKeyGzipped() throws IOException {
        Set<String> refused = ConcurrentHashMap.newKeySet();
        upstream.behave("batchretry", (r, n) -> refused.add(r.header("Idempotency-Key")) ? Reply.status(503)
                : Reply.status(204));
        String padding = "x".repeat(1100); // so that even a batch of one is gzipped
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(accept("batchretry", "{\"n\":" + i + ",\"pad\":\"" + padding + "\"}", JSON));
        }
        awaitAllStatus("batchretry", ids, "delivered", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(5)).until(() -> posts("batchretry").size() >= 2 * refused.size());
        Map<String, List<Recorded>> byKey = new HashMap<>();
        posts("batchretry").forEach(r -> byKey.computeIfAbsent(r.header("Idempotency-Key"), k -> new ArrayList<>()).add(r));
        int members = 0;
        for (List<Recorded> attempts : byKey.values()) {
            assertThat(attempts).as("a 503, then the same batch again").hasSize(2);
            assertThat(attempts.get(1).header(BatchFormat.KEYS_HEADER)).isEqualTo(attempts.get(0).header(BatchFormat.KEYS_HEADER));
            assertThat(attempts.get(0).header("Content-Encoding")).as("a batch of 1 KiB or more").isEqualTo("gzip");
            String first = CompressionDeliveryTest.gunzip(attempts.get(0).body().getBytes());
            assertThat(CompressionDeliveryTest.gunzip(attempts.get(1).body().getBytes())).isEqualTo(first);
            assertThat(first.length()).as("max-bytes 4KiB").isLessThanOrEqualTo(4096);
            members += first.split("\n").length;
        }
        assertThat(members).isEqualTo(10);
        assertThat(byKey.size()).as("batches of several").isLessThan(10);
        assertThat(byKey.size()).as("max-bytes 4KiB: at most three of these in one").isGreaterThanOrEqualTo(4);
        ids.forEach(id -> assertThat(message(id).getInt("attempts")).isEqualTo(2));
    }

    /** The members' keys a batch carried, in body order. */
    static List<String> batchKeys(Recorded r) {
        String header = r.header(BatchFormat.KEYS_HEADER);
        List<String> keys = new ArrayList<>();
        for (String quoted : header.split(",")) {
            keys.add(quoted.substring(1, quoted.length() - 1));
        }
        return keys;
    }

    private List<Recorded> posts(String route) {
        return upstream.requests(route).stream().filter(r -> r.method().equals("POST")).toList();
    }
}
