package io.outpost.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;

/** Cache-Control parsing, Vary keys, header rules, revalidation merges and header storage. */
class CacheHeadersTest {

    @Test
    void cacheControlDirectivesAreCaseInsensitiveCombinedAndQuoted() {
        CacheControl cc = CacheControl.parse(List.of("Max-Age=60, no-cache=\"Set-Cookie, X\"", "private"));
        assertThat(cc.seconds("max-age")).contains(Duration.ofSeconds(60));
        assertThat(cc.directives().get("no-cache")).isEqualTo("Set-Cookie, X");
        assertThat(cc.has("private")).isTrue();
        assertThat(CacheControl.parse(List.of("max-age=\"30\"")).seconds("max-age")).contains(Duration.ofSeconds(30));
        assertThat(CacheControl.parse(List.of("max-age=-1")).seconds("max-age")).isEmpty();
        assertThat(CacheControl.parse(List.of("max-age=99999999999999999999")).seconds("max-age"))
                .contains(Duration.ofSeconds(Integer.MAX_VALUE));
        assertThat(CacheControl.parse(List.of("max-age=5, max-age=50")).seconds("max-age"))
                .contains(Duration.ofSeconds(5));
    }

    @Test
    void varyKeysUseTheNamedHeadersNormalised() {
        List<String> names = Variants.names(List.of("Accept-Language, accept", "Accept"));
        assertThat(names).containsExactly("accept", "accept-language");
        Map<String, List<String>> a = Map.of("accept", List.of("text/html ,  application/json"),
                "accept-language", List.of("de"));
        Map<String, List<String>> b = Map.of("accept", List.of("text/html,application/json"),
                "accept-language", List.of("de"));
        Map<String, List<String>> c = Map.of("accept", List.of("text/html"), "accept-language", List.of("de"));
        assertThat(Variants.key(names, n -> a.getOrDefault(n, List.of())))
                .isEqualTo(Variants.key(names, n -> b.getOrDefault(n, List.of())))
                .isNotEqualTo(Variants.key(names, n -> c.getOrDefault(n, List.of())));
        assertThat(Variants.key(List.of(), n -> List.of("x"))).isEmpty();
        assertThat(Variants.names(List.of("accept, *"))).containsExactly("*");
    }

    @Test
    void hopByHopFramingCookiesAndTheLocalTokenDoNotCross() {
        MultiMap request = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer local")
                .add("Connection", "keep-alive, X-Trace").add("X-Trace", "1").add("Accept", "application/json")
                .add("If-None-Match", "\"a\"").add("Host", "localhost");
        assertThat(HeaderRules.forwarded(request).names()).containsExactly("Accept");
        MultiMap response = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain")
                .add("Content-Encoding", "gzip").add("Content-Length", "10").add("Set-Cookie", "s=1")
                .add("Transfer-Encoding", "chunked").add("ETag", "\"v1\"");
        // the coding is the response's own: stored and served as it came
        assertThat(HeaderRules.stored(response).names()).containsExactlyInAnyOrder("Content-Type", "ETag",
                "Content-Encoding");
    }

    @Test
    void a304ReplacesStoredFieldsButKeepsTheBodyAndItsType() {
        Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
        StoredResponse stored = CachePolicyTest.stored(t0, t0, "Content-Type", "text/plain", "ETag", "\"v1\"",
                "Cache-Control", "max-age=10", "X-Old", "kept");
        MultiMap notModified = MultiMap.caseInsensitiveMultiMap().add("Cache-Control", "max-age=99")
                .add("ETag", "\"v1\"").add("Content-Type", "application/evil").add("Content-Length", "0");
        StoredResponse r = Revalidation.refreshed(stored, notModified, t0.plusSeconds(50), t0.plusSeconds(51));
        assertThat(r.headerValues("Cache-Control")).containsExactly("max-age=99");
        assertThat(r.header("Content-Type")).isEqualTo("text/plain");
        assertThat(r.header("X-Old")).isEqualTo("kept");
        assertThat(r.body().toString()).isEqualTo("body");
        assertThat(r.responseTime()).isEqualTo(t0.plusSeconds(51));
        MultiMap conditional = Revalidation.conditional(MultiMap.caseInsensitiveMultiMap(), stored);
        assertThat(conditional.get("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(ClientAnswer.matches("W/\"v1\", \"v2\"", stored.header("ETag"), false)).isTrue();
        assertThat(ClientAnswer.matches("W/\"v1\", \"v2\"", stored.header("ETag"), true)).isFalse();
        assertThat(ClientAnswer.matches("\"v3\"", stored.header("ETag"), false)).isFalse();
    }

    @Test
    void theRefreshedResponseAgesFromThe304NotFromTheOldAnswer() {
        Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
        StoredResponse stored = CachePolicyTest.stored(t0, t0, "ETag", "\"v1\"", "Age", "59",
                "Cache-Control", "max-age=60");
        MultiMap bare = MultiMap.caseInsensitiveMultiMap().add("ETag", "\"v1\"");
        assertThat(Revalidation.refreshed(stored, bare, t0.plusSeconds(70), t0.plusSeconds(70)).header("Age"))
                .isNull();
        MultiMap aged = MultiMap.caseInsensitiveMultiMap().add("ETag", "\"v1\"").add("Age", "5");
        assertThat(Revalidation.refreshed(stored, aged, t0.plusSeconds(70), t0.plusSeconds(70)).header("Age"))
                .isEqualTo("5");
    }

    @Test
    void storedHeadersRoundTrip() {
        MultiMap h = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain; charset=utf-8")
                .add("Link", "<a>; rel=x").add("Link", "<b>; rel=y").add("X-Colon", "a: b");
        MultiMap back = StoreLayer.parseHeaders(StoreLayer.formatHeaders(h));
        assertThat(back.getAll("Link")).containsExactly("<a>; rel=x", "<b>; rel=y");
        assertThat(back.get("X-Colon")).isEqualTo("a: b");
        assertThat(back.get("content-type")).isEqualTo("text/plain; charset=utf-8");
    }
}
