package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.outpost.outbox.MessageChange;
import io.vertx.core.json.JsonObject;

/** The feed's hand-written encoding against what a JSON parser reads back, and {@link Instant#toString()}. */
class MessageEventBytesTest {

    private static final UUID ID = UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");

    private static MessageChange change(long seq, String route, String error, Integer status, Instant at) {
        return new MessageChange(seq, ID, route, "delivered", 3, status, error, at);
    }

    private static String sse(MessageChange c) {
        return new MessageEventBytes(8).sse(c).take().toString();
    }

    private static JsonObject data(MessageChange c) {
        String event = sse(c);
        assertThat(event).startsWith("id: " + c.seq() + "\nevent: message\ndata: ").endsWith("\n\n");
        String data = event.substring(event.indexOf("data: ") + 6, event.length() - 2);
        assertThat(data).doesNotContain("\n");
        return new JsonObject(data);
    }

    @Test
    void everyKeyOfTheContractWithItsValue() {
        Instant at = Instant.parse("2026-12-08T03:31:39.123456Z");
        JsonObject json = data(change(42, "bench", "HTTP 503", 503, at));
        assertThat(json.fieldNames()).containsExactly("id", "route", "status", "attempts", "lastStatus", "lastError",
                "at");
        assertThat(json.getString("id")).isEqualTo(ID.toString());
        assertThat(json.getString("route")).isEqualTo("bench");
        assertThat(json.getString("status")).isEqualTo("delivered");
        assertThat(json.getInteger("attempts")).isEqualTo(3);
        assertThat(json.getInteger("lastStatus")).isEqualTo(503);
        assertThat(json.getString("lastError")).isEqualTo("HTTP 503");
        assertThat(json.getString("at")).isEqualTo(at.toString());
    }

    @Test
    void nullFieldsStayAsNull() {
        JsonObject json = data(change(1, "r", null, null, null));
        assertThat(json.fieldNames()).hasSize(7);
        assertThat(json.containsKey("lastStatus") && json.getValue("lastStatus") == null).isTrue();
        assertThat(json.containsKey("lastError") && json.getValue("lastError") == null).isTrue();
        assertThat(json.containsKey("at") && json.getValue("at") == null).isTrue();
    }

    @Test
    void stringsAreEscapedAndUtf8() {
        String error = "say \"no\"\\ then\n\r\t\b\f\u0001 café 😀 end";
        assertThat(data(change(7, "ro\"ute", error, 500, null)).getString("lastError")).isEqualTo(error);
        assertThat(data(change(7, "ro\"ute", error, 500, null)).getString("route")).isEqualTo("ro\"ute");
        assertThat(sse(change(7, "r", "\u2028", 500, null))).contains("\"lastError\":\"\u2028\"");
    }

    @Test
    void instantsAsInstantWritesThem() {
        long[] seconds = {0, 1_700_000_000L, 1_796_700_000L, -1, 253_402_300_799L};
        int[] nanos = {0, 1_000_000, 120_000_000, 123_456_000, 123_456_789, 1000, 1, 999_999_999};
        MessageEventBytes out = new MessageEventBytes(8);
        for (long s : seconds) {
            for (int n : nanos) {
                Instant at = Instant.ofEpochSecond(s, n);
                String json = out.json(change(1, "r", null, null, at), false).take().toString();
                assertThat(new JsonObject(json).getString("at")).isEqualTo(at.toString());
            }
        }
    }

    @Test
    void numbersAndTheLongPollForm() {
        MessageEventBytes out = new MessageEventBytes(8);
        for (long n : new long[] {0, 9, 10, 99, 1234567890123L, Long.MAX_VALUE, -5, Long.MIN_VALUE}) {
            assertThat(out.number(n).take().toString()).isEqualTo(Long.toString(n));
        }
        JsonObject json = new JsonObject(out.json(change(99, "r", null, 204, null), true).take().toString());
        assertThat(json.getLong("seq")).isEqualTo(99);
        assertThat(json.fieldNames()).hasSize(8);
    }

    @Test
    void aPageOfManyEventsGrowsTheBuffer() {
        MessageEventBytes out = new MessageEventBytes(8);
        for (int i = 0; i < 1000; i++) {
            out.sse(change(i, "r", null, 204, Instant.ofEpochSecond(1_796_700_000L + i / 100, i)));
        }
        String page = out.take().toString();
        assertThat(page.split("\n\n")).hasSize(1000);
        assertThat(out.size()).isZero();
    }
}
