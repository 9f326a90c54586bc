package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.outpost.outbox.NewMessage;

class AcceptHeadersTest {

    private static NewMessage parse(Map<String, List<String>> headers) {
        return AcceptHeaders.parse("r", "/p", "text/plain", new byte[] { 1 }, n -> headers.getOrDefault(n, List.of()));
    }

    private static Problem problemFor(Map<String, List<String>> headers) {
        try {
            parse(headers);
        } catch (ProblemException e) {
            return e.problem();
        }
        throw new AssertionError("expected a problem for " + headers);
    }

    @Test
    void defaultsWhenNoHeaders() {
        NewMessage m = parse(Map.of());
        assertThat(m.priority()).isEqualTo(5);
        assertThat(m.method()).isEqualTo("POST");
        assertThat(m.ttl()).isEmpty();
        assertThat(m.idempotencyKey()).isNull();
        assertThat(m.orderingKey()).isNull();
        assertThat(m.contentType()).isEqualTo("text/plain");
    }

    @Test
    void readsEveryHeader() {
        NewMessage m = parse(Map.of("Idempotency-Key", List.of("order-17"), "Outpost-Priority", List.of(" 0 "),
                "Outpost-Ordering-Key", List.of("device 7"), "Outpost-TTL", List.of("90"),
                "Outpost-Method", List.of("patch")));
        assertThat(m.idempotencyKey()).isEqualTo("order-17");
        assertThat(m.priority()).isZero();
        assertThat(m.orderingKey()).isEqualTo("device 7");
        assertThat(m.ttl()).contains(Duration.ofSeconds(90));
        assertThat(m.method()).isEqualTo("PATCH");
    }

    @Test
    void ttlAcceptsIsoDurations() {
        assertThat(parse(Map.of("Outpost-TTL", List.of("PT30M"))).ttl()).contains(Duration.ofMinutes(30));
        assertThat(parse(Map.of("Outpost-TTL", List.of("P2D"))).ttl()).contains(Duration.ofDays(2));
        assertThat(parse(Map.of("Outpost-TTL", List.of("P1W"))).ttl()).contains(Duration.ofDays(7));
        assertThat(parse(Map.of("Outpost-TTL", List.of("P1Y"))).ttl().orElseThrow()).isBetween(Duration.ofDays(365),
                Duration.ofDays(366));
        // the cap is ten calendar years, whichever way they are written
        for (String tenYears : List.of("P10Y", "P120M", "P3651D")) {
            assertThat(parse(Map.of("Outpost-TTL", List.of(tenYears))).ttl()).as(tenYears).isPresent();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Outpost-Priority|12", "Outpost-Priority|-1", "Outpost-Priority|high", "Outpost-Priority|''",
            "Outpost-TTL|banana", "Outpost-TTL|0", "Outpost-TTL|-5", "Outpost-TTL|PT-1S", "Outpost-TTL|P99999D", "Outpost-TTL|P11Y", "Outpost-TTL|P3654D", "Outpost-TTL|P999999999Y",
            "Outpost-TTL|1.5", "Outpost-Method|GET", "Outpost-Method|''", "Idempotency-Key|''",
            "Idempotency-Key|has space", "Idempotency-Key|caf\u00e9", "Outpost-Ordering-Key|''",
            "Outpost-Ordering-Key|a\u0007b" })
    void rejectsBadValueNamingTheHeader(String header, String value) {
        Problem p = problemFor(Map.of(header, List.of(value)));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.invalidParams()).extracting(Problem.InvalidParam::name).containsExactly(header);
    }

    @Test
    void idempotencyKeyMayBe255CharactersButNotMore() {
        assertThat(parse(Map.of("Idempotency-Key", List.of("k".repeat(255)))).idempotencyKey()).hasSize(255);
        assertThat(problemFor(Map.of("Idempotency-Key", List.of("k".repeat(256)))).status()).isEqualTo(400);
    }

    @Test
    void reportsAllFaultsAtOnce() {
        Problem p = problemFor(Map.of("Outpost-Priority", List.of("12"), "Outpost-TTL", List.of("banana"),
                "Idempotency-Key", List.of("")));
        assertThat(p.invalidParams()).extracting(Problem.InvalidParam::name)
                .containsExactlyInAnyOrder("Outpost-Priority", "Outpost-TTL", "Idempotency-Key");
    }

    @Test
    void repeatedHeaderIsAFault() {
        Problem p = problemFor(Map.of("Outpost-Priority", List.of("1", "2")));
        assertThat(p.invalidParams().get(0).reason()).contains("once");
    }

    @Test
    void echoOfABadValueIsClipped() {
        Problem p = problemFor(Map.of("Outpost-Method", List.of("X".repeat(500))));
        assertThat(p.invalidParams().get(0).reason()).hasSizeLessThan(120);
        assertThatThrownBy(() -> parse(Map.of("Outpost-Priority", List.of("9x")))).isInstanceOf(ProblemException.class);
    }
}
