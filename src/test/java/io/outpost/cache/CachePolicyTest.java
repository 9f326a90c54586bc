package io.outpost.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.outpost.cache.CachePolicy.Verdict;
import io.outpost.upstream.HttpDate;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** RFC 9111 freshness, age and storability, with explicit times. */
class CachePolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private final CachePolicy policy = new CachePolicy(Optional.empty(), Duration.ofDays(7));

    static StoredResponse stored(Instant requested, Instant received, String... headers) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return new StoredResponse(200, h, Buffer.buffer("body"), requested, received, "");
    }

    private static CacheControl cc(String value) {
        return CacheControl.parse(value == null ? List.of() : List.of(value));
    }

    @Test
    void maxAgeMakesAResponseFreshForThatLong() {
        StoredResponse r = stored(T0, T0, "Cache-Control", "max-age=60");
        assertThat(policy.judge(r, CacheControl.NONE, T0.plusSeconds(59))).isEqualTo(Verdict.FRESH);
        assertThat(policy.judge(r, CacheControl.NONE, T0.plusSeconds(60))).isEqualTo(Verdict.REVALIDATE);
    }

    @Test
    void ageCountsTheAgeHeaderTheResponseDelayAndTheTimeResident() {
        StoredResponse r = stored(T0, T0.plusSeconds(2), "Age", "10", "Cache-Control", "max-age=60");
        // corrected initial age 10 + 2 (response delay), resident 30
        assertThat(policy.age(r, T0.plusSeconds(32))).isEqualTo(Duration.ofSeconds(42));
        assertThat(policy.judge(r, CacheControl.NONE, T0.plusSeconds(49))).isEqualTo(Verdict.FRESH);
        assertThat(policy.judge(r, CacheControl.NONE, T0.plusSeconds(50))).isEqualTo(Verdict.REVALIDATE);
    }

    @Test
    void apparentAgeFromADateInThePastCounts() {
        StoredResponse r = stored(T0, T0, "Date", HttpDate.format(T0.minusSeconds(100)), "Cache-Control", "max-age=60");
        assertThat(policy.age(r, T0)).isEqualTo(Duration.ofSeconds(100));
        assertThat(policy.judge(r, CacheControl.NONE, T0)).isEqualTo(Verdict.REVALIDATE);
    }

    @Test
    void sMaxAgeIsIgnoredAndMaxAgeWinsOverExpires() {
        StoredResponse r = stored(T0, T0, "Cache-Control", "s-maxage=3600, max-age=10", "Expires",
                HttpDate.format(T0.plusSeconds(3600)));
        assertThat(policy.lifetime(r)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void expiresCountsFromTheDateHeader() {
        StoredResponse r = stored(T0, T0, "Date", HttpDate.format(T0), "Expires", HttpDate.format(T0.plusSeconds(300)));
        assertThat(policy.lifetime(r)).isEqualTo(Duration.ofSeconds(300));
        StoredResponse invalid = stored(T0, T0, "Expires", "0");
        assertThat(policy.lifetime(invalid)).isZero();
    }

    @Test
    void noHeuristicFreshnessUnlessTheRouteSetsADefaultTtl() {
        StoredResponse r = stored(T0, T0, "Last-Modified", HttpDate.format(T0.minusSeconds(86400)));
        assertThat(policy.judge(r, CacheControl.NONE, T0)).isEqualTo(Verdict.REVALIDATE);
        CachePolicy withTtl = new CachePolicy(Optional.of(Duration.ofMinutes(5)), Duration.ofDays(7));
        assertThat(withTtl.judge(r, CacheControl.NONE, T0.plusSeconds(299))).isEqualTo(Verdict.FRESH);
    }

    @Test
    void noCacheOnEitherSideForcesRevalidation() {
        StoredResponse fresh = stored(T0, T0, "Cache-Control", "max-age=600");
        assertThat(policy.judge(fresh, cc("no-cache"), T0)).isEqualTo(Verdict.REVALIDATE);
        assertThat(policy.judge(stored(T0, T0, "Cache-Control", "no-cache, max-age=600"), CacheControl.NONE, T0))
                .isEqualTo(Verdict.REVALIDATE);
    }

    @Test
    void requestMaxAgeAndMinFreshTighten() {
        StoredResponse r = stored(T0, T0, "Cache-Control", "max-age=600");
        assertThat(policy.judge(r, cc("max-age=0"), T0.plusSeconds(1))).isEqualTo(Verdict.REVALIDATE);
        assertThat(policy.judge(r, cc("max-age=30"), T0.plusSeconds(20))).isEqualTo(Verdict.FRESH);
        assertThat(policy.judge(r, cc("min-fresh=100"), T0.plusSeconds(550))).isEqualTo(Verdict.REVALIDATE);
    }

    @Test
    void staleWhileRevalidateServesWithinItsWindowOnly() {
        StoredResponse r = stored(T0, T0, "Cache-Control", "max-age=10, stale-while-revalidate=30");
        assertThat(policy.judge(r, CacheControl.NONE, T0.plusSeconds(25))).isEqualTo(Verdict.STALE_WHILE_REVALIDATE);
        assertThat(policy.judge(r, CacheControl.NONE, T0.plusSeconds(41))).isEqualTo(Verdict.REVALIDATE);
    }

    @Test
    void staleOnErrorUpToMaxStaleUnlessForbidden() {
        CachePolicy oneHour = new CachePolicy(Optional.empty(), Duration.ofHours(1));
        StoredResponse r = stored(T0, T0, "Cache-Control", "max-age=60");
        assertThat(oneHour.servableStale(r, T0.plusSeconds(60 + 3600))).isTrue();
        assertThat(oneHour.servableStale(r, T0.plusSeconds(60 + 3601))).isFalse();
        assertThat(oneHour.servableStale(stored(T0, T0, "Cache-Control", "max-age=60, must-revalidate"),
                T0.plusSeconds(61))).isFalse();
        assertThat(oneHour.servableStale(stored(T0, T0, "Cache-Control", "no-cache"), T0)).isFalse();
    }

    @Test
    void whatMayBeStored() {
        MultiMap plain = MultiMap.caseInsensitiveMultiMap();
        assertThat(policy.storable(CacheControl.NONE, 200, plain)).isTrue();
        assertThat(policy.storable(CacheControl.NONE, 404, plain)).isTrue();
        assertThat(policy.storable(CacheControl.NONE, 500, plain)).isFalse();
        assertThat(policy.storable(CacheControl.NONE, 302, plain)).isFalse();
        assertThat(policy.storable(CacheControl.NONE, 302, headers("Cache-Control", "max-age=5"))).isTrue();
        assertThat(policy.storable(CacheControl.NONE, 200, headers("Cache-Control", "private"))).isTrue();
        assertThat(policy.storable(CacheControl.NONE, 200, headers("Cache-Control", "no-store"))).isFalse();
        assertThat(policy.storable(cc("no-store"), 200, plain)).isFalse();
        assertThat(policy.storable(CacheControl.NONE, 206, plain)).isFalse();
        assertThat(policy.storable(CacheControl.NONE, 200, headers("Vary", "Accept, *"))).isFalse();
    }

    @Test
    void aListValuedAgeCountsByItsFirstMember() {
        StoredResponse r = stored(T0, T0, "Age", "7200, 0", "Cache-Control", "max-age=3600");
        assertThat(policy.age(r, T0)).isEqualTo(Duration.ofSeconds(7200));
        assertThat(policy.judge(r, CacheControl.NONE, T0)).isEqualTo(Verdict.REVALIDATE);
        assertThat(policy.age(stored(T0, T0, "Age", "old"), T0)).isZero();
    }

    @Test
    void invalidFreshnessInformationMeansStaleNotTheRouteDefault() {
        CachePolicy withTtl = new CachePolicy(Optional.of(Duration.ofMinutes(5)), Duration.ofDays(7));
        for (String invalid : List.of("max-age=3600.0", "max-age=1e3", "max-age=", "max-age=-1")) {
            assertThat(withTtl.lifetime(stored(T0, T0, "Cache-Control", invalid))).as(invalid).isZero();
        }
        String oneDigitHour = "Thu, 18 Aug 2050 2:01:18 GMT";
        assertThat(withTtl.lifetime(stored(T0, T0, "Expires", oneDigitHour))).isZero();
        String valid = HttpDate.format(T0.plusSeconds(600));
        assertThat(withTtl.lifetime(stored(T0, T0, "Expires", valid, "Expires", valid))).as("two Expires").isZero();
        assertThat(withTtl.lifetime(stored(T0, T0, "Expires", valid))).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void directivesOnSeparateLinesAreOneList() {
        StoredResponse r = stored(T0, T0, "Cache-Control", "max-age=600", "Cache-Control", "no-cache");
        assertThat(policy.judge(r, CacheControl.NONE, T0)).isEqualTo(Verdict.REVALIDATE);
        StoredResponse m = stored(T0, T0, "Cache-Control", "max-age=10", "Cache-Control", "must-revalidate");
        assertThat(policy.servableStale(m, T0.plusSeconds(11))).isFalse();
    }

    @Test
    void theClientsMaxStaleServesAStaleResponseUnlessItMustBeRevalidated() {
        StoredResponse r = stored(T0, T0, "Cache-Control", "max-age=10");
        assertThat(policy.judge(r, cc("max-stale"), T0.plusSeconds(1000))).isEqualTo(Verdict.STALE);
        assertThat(policy.judge(r, cc("max-stale=30"), T0.plusSeconds(40))).isEqualTo(Verdict.STALE);
        assertThat(policy.judge(r, cc("max-stale=30"), T0.plusSeconds(41))).isEqualTo(Verdict.REVALIDATE);
        assertThat(policy.judge(r, cc("max-stale=x"), T0.plusSeconds(11))).isEqualTo(Verdict.REVALIDATE);
        StoredResponse must = stored(T0, T0, "Cache-Control", "max-age=10, must-revalidate");
        assertThat(policy.judge(must, cc("max-stale"), T0.plusSeconds(11))).isEqualTo(Verdict.REVALIDATE);
    }

    @Test
    void noCacheNamingFieldsReusesTheResponseWithoutThem() {
        StoredResponse r = stored(T0, T0, "Cache-Control", "no-cache=\"Set-Cookie, X-Secret\", max-age=600");
        assertThat(policy.judge(r, CacheControl.NONE, T0)).isEqualTo(Verdict.FRESH);
        MultiMap kept = HeaderRules.withoutNoCacheFields(MultiMap.caseInsensitiveMultiMap().add("X-Secret", "s")
                .add("x-other", "o"), r.cacheControl());
        assertThat(kept.names()).containsExactly("x-other");
    }

    private static MultiMap headers(String name, String value) {
        return MultiMap.caseInsensitiveMultiMap().add(name, value);
    }
}
