package io.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.outpost.config.RouteBatchConfig;
import io.outpost.config.RouteBatchConfig.Format;
import io.outpost.upstream.Outcome;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;

/** What a batch may carry, how it is written, its keys, and how a refusal splits it. Pure, no Quarkus. */
class BatchFormatTest {

    private static final RouteBatchConfig NDJSON = config(Format.NDJSON, 1000);
    private static final RouteBatchConfig ARRAY = config(Format.JSON_ARRAY, 1000);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "POST|||application/json|{\"a\":1}|true|true",
            "POST|||application/json; charset=utf-8|[1,2]|true|true",
            "POST|||application/vnd.reading+json|42|true|true",
            "POST|||application/json|{\"a\":\\n1}|false|true",
            "POST|||application/json|{\"a\":1}{\"b\":2}|false|false",
            "POST|||application/json|{\"a\":|false|false",
            "POST|||application/json|''|false|false",
            "POST|||text/plain|{\"a\":1}|false|false",
            "POST|||''|{\"a\":1}|false|false",
            "PUT|||application/json|{\"a\":1}|false|false",
            "POST|/sub||application/json|{\"a\":1}|false|false" })
    void onlyJsonPostsToTheRouteUrlFit(String method, String subpath, String unused, String type, String body,
            boolean ndjson, boolean array) {
        Claimed m = message(method, subpath, type, body.replace("\\n", "\n"));
        assertThat(BatchFormat.fits(m, NDJSON)).as("ndjson").isEqualTo(ndjson);
        assertThat(BatchFormat.fits(m, ARRAY)).as("json-array").isEqualTo(array);
    }

    @Test
    void aBodyOverMaxBytesGoesAlone() {
        assertThat(BatchFormat.fits(json("{\"a\":\"" + "x".repeat(100) + "\"}"), config(Format.NDJSON, 64))).isFalse();
    }

    @Test
    void bodiesAreJoinedAsTheFormatSays() {
        List<Claimed> members = List.of(json("{\"a\":1}"), json("[2]"), json("\"three\""));
        assertThat(BatchFormat.body(members, Format.NDJSON).toString()).isEqualTo("{\"a\":1}\n[2]\n\"three\"\n");
        String array = BatchFormat.body(members, Format.JSON_ARRAY).toString();
        assertThat(array).isEqualTo("[{\"a\":1},[2],\"three\"]");
        assertThat(new JsonArray(array)).hasSize(3);
    }

    @Test
    void theBatchKeyIsStableForTheSameMembersAndTheirKeysAreListedInOrder() {
        Claimed a = json("1");
        Claimed b = keyed("2", "client \"key\", with comma");
        String key = BatchFormat.key(List.of(a, b));
        assertThat(key).startsWith("batch-").isEqualTo(BatchFormat.key(List.of(a, b)))
                .isNotEqualTo(BatchFormat.key(List.of(b, a))).isNotEqualTo(BatchFormat.key(List.of(a, json("3"))));
        assertThat(BatchFormat.key(List.of(b))).as("one member keeps its own").isEqualTo("client \"key\", with comma");
        assertThat(BatchFormat.keys(List.of(a, b))).isEqualTo("\"" + a.id() + "\",\"client \\\"key\\\", with comma\"");
    }

    @Test
    void aRefusalSplitsTheGroupInHalvesDownToSingleMessages() {
        ReadyQueue ready = new ReadyQueue();
        List<Claimed> five = List.of(json("0"), json("1"), json("2"), json("3"), json("4"));
        ready.addAll(five);
        Batch batch = Batch.take(ready, NDJSON);
        assertThat(ready.isEmpty()).isTrue();
        Outcome refused = new Outcome.Dead(400, "bad");
        assertThat(batch.current()).containsExactlyElementsOf(five);
        assertThat(batch.split(refused)).isTrue();
        assertThat(batch.current()).containsExactly(five.get(0), five.get(1));
        assertThat(batch.split(new Outcome.Delivered(204))).as("a good half takes its answer").isFalse();
        assertThat(batch.current()).containsExactly(five.get(2), five.get(3), five.get(4));
        assertThat(batch.split(refused)).isTrue();
        assertThat(batch.current()).containsExactly(five.get(2));
        assertThat(batch.split(refused)).as("a single message takes the refusal").isFalse();
        assertThat(batch.split(new Outcome.Retry(503, "busy", java.util.Optional.empty(), true))).isFalse();
        assertThat(batch.done()).isTrue();
    }

    @Test
    void aBatchStopsAtMaxMessagesMaxBytesAndTheFirstMessageThatDoesNotFit() {
        ReadyQueue ready = new ReadyQueue();
        ready.addAll(List.of(json("1"), json("2"), json("3")));
        assertThat(Batch.take(ready, config(Format.NDJSON, 1000, 2)).current()).hasSize(2);
        ready.addAll(List.of(json("\"" + "x".repeat(40) + "\""), json("\"" + "y".repeat(40) + "\"")));
        assertThat(Batch.take(ready, config(Format.NDJSON, 60, 50)).current()).as("3 fits, 40 more bytes do not")
                .hasSize(2);
        ready.poll();
        ready.addAll(List.of(json("4"), message("POST", null, "text/plain", "5"), json("6")));
        assertThat(Batch.take(ready, NDJSON).current()).hasSize(1);
    }

    private static long seq;

    static Claimed json(String body) {
        return message("POST", null, "application/json", body);
    }

    private static Claimed keyed(String body, String key) {
        return new Claimed(UUID.randomUUID(), ++seq, null, "POST", "application/json", Buffer.buffer(body), 5, null,
                key, 0, null, 1);
    }

    private static Claimed message(String method, String subpath, String type, String body) {
        return new Claimed(UUID.randomUUID(), ++seq, subpath, method, type.isEmpty() ? null : type,
                Buffer.buffer(body), 5, null, null, 0, null, 1);
    }

    private static RouteBatchConfig config(Format format, long maxBytes) {
        return config(format, maxBytes, 50);
    }

    static RouteBatchConfig config(Format format, long maxBytes, int maxMessages) {
        return new Batching(maxMessages, maxBytes, Duration.ZERO, format);
    }

    record Batching(int maxMessages, long maxBytes, Duration linger, Format format) implements RouteBatchConfig {
    }
}
