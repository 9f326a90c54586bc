package io.outpost.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Upstream headers are untrusted text: parsing them never throws, never yields a negative lifetime or age,
 * and stored header fields come back from the store as they went in. Runs its seeds in every build;
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class CacheHeadersFuzzTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @FuzzTest(maxDuration = "10s")
    void anyCacheHeadersGiveASaneVerdict(FuzzedDataProvider data) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        for (String name : List.of("Cache-Control", "Expires", "Date", "Age", "Vary")) {
            String value = data.consumeString(80);
            if (!value.isEmpty()) {
                h.add(name, value);
            }
        }
        CacheControl request = CacheControl.parse(List.of(data.consumeString(80)));
        StoredResponse r = new StoredResponse(200, h, Buffer.buffer("x"), T0, T0.plusMillis(data.consumeInt(0, 5000)),
                "");
        CachePolicy policy = new CachePolicy(Optional.empty(), Duration.ofDays(7));
        Instant now = T0.plusSeconds(data.consumeInt(0, 1_000_000));
        assertThat(policy.lifetime(r).isNegative()).isFalse();
        assertThat(policy.age(r, now).isNegative()).isFalse();
        assertThat(policy.judge(r, request, now)).isNotNull();
        policy.servableStale(r, now);
        policy.storable(request, 200, h);
        request.seconds("max-age").ifPresent(d -> assertThat(d.isNegative()).isFalse());
    }

    @FuzzTest(maxDuration = "10s")
    void storedHeadersRoundTrip(FuzzedDataProvider data) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        int fields = data.consumeInt(0, 6);
        for (int i = 0; i < fields; i++) {
            // what an HTTP/1.1 field can hold: a token name, a value without CR or LF, trimmed
            String name = data.consumeString(20).replaceAll("[^A-Za-z0-9-]", "");
            String value = data.consumeString(60).replaceAll("[\\r\\n]", " ").trim();
            if (!name.isEmpty()) {
                h.add(name, value);
            }
        }
        MultiMap back = StoreLayer.parseHeaders(StoreLayer.formatHeaders(h));
        assertThat(fields(back)).isEqualTo(fields(h));
    }

    private static List<String> fields(MultiMap headers) {
        return headers.entries().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
