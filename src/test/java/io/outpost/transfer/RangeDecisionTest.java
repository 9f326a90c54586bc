package io.outpost.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.outpost.transfer.RangeDecision.Decision;

class RangeDecisionTest {

    private static UnaryOperator<String> headers(String... pairs) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map::get;
    }

    @Test
    void aFirstAttemptAsksForEverythingUnencoded() {
        assertThat(RangeDecision.requestHeaders(0, "\"v1\"")).containsExactly(Map.entry("Accept-Encoding", "identity"));
    }

    @Test
    void aResumeAsksFromTheOffsetIfTheFileIsUnchanged() {
        assertThat(RangeDecision.requestHeaders(1234, "\"v1\"")).containsEntry("Range", "bytes=1234-")
                .containsEntry("If-Range", "\"v1\"").containsEntry("Accept-Encoding", "identity");
        assertThat(RangeDecision.requestHeaders(1234, null)).containsEntry("Range", "bytes=1234-")
                .doesNotContainKey("If-Range");
    }

    @Test
    void a206FromTheOffsetAppends() {
        assertThat(RangeDecision.decide(100, 206, headers("Content-Range", "bytes 100-999/1000")))
                .isEqualTo(new Decision.Append(1000L));
        assertThat(RangeDecision.decide(100, 206, headers("Content-Range", "bytes 100-999/*")))
                .isEqualTo(new Decision.Append(null));
    }

    @Test
    void a206FromElsewhereOrWithoutARangeRestarts() {
        assertThat(RangeDecision.decide(100, 206, headers("Content-Range", "bytes 0-999/1000")))
                .isInstanceOf(Decision.Restart.class);
        assertThat(RangeDecision.decide(100, 206, headers())).isInstanceOf(Decision.Restart.class);
        assertThat(RangeDecision.decide(0, 206, headers("Content-Range", "bytes 0-9/10")))
                .isInstanceOf(Decision.Restart.class);
    }

    @Test
    void a200StartsOverWithTheNewLengthAndValidator() {
        assertThat(RangeDecision.decide(100, 200, headers("Content-Length", "5000", "ETag", "\"v2\"",
                "Last-Modified", "Tue, 24 Nov 2026 10:00:00 GMT"))).isEqualTo(new Decision.StartOver(5000L, "\"v2\""));
    }

    @Test
    void aWeakETagIsNotAValidatorButLastModifiedIs() {
        assertThat(RangeDecision.decide(0, 200, headers("ETag", "W/\"v2\"", "Last-Modified",
                "Tue, 24 Nov 2026 10:00:00 GMT"))).isEqualTo(new Decision.StartOver(null,
                        "Tue, 24 Nov 2026 10:00:00 GMT"));
        assertThat(RangeDecision.decide(0, 200, headers("ETag", "W/\"v2\""))).isEqualTo(
                new Decision.StartOver(null, null));
    }

    @Test
    void anEncodedBodyHasNoUsableLength() {
        assertThat(RangeDecision.decide(0, 200, headers("Content-Length", "10", "Content-Encoding", "gzip")))
                .isEqualTo(new Decision.StartOver(null, null));
    }

    @Test
    void a416NamingTheHeldLengthMeansComplete() {
        assertThat(RangeDecision.decide(1000, 416, headers("Content-Range", "bytes */1000")))
                .isEqualTo(new Decision.Complete(1000));
        assertThat(RangeDecision.decide(1000, 416, headers("Content-Range", "bytes */500")))
                .isInstanceOf(Decision.Restart.class);
    }

    @Test
    void errorsAreNoBody() {
        assertThat(RangeDecision.decide(0, 503, headers())).isInstanceOf(Decision.NotBody.class);
        assertThat(RangeDecision.decide(0, 404, headers())).isInstanceOf(Decision.NotBody.class);
        assertThat(RangeDecision.decide(0, 416, headers())).isInstanceOf(Decision.NotBody.class);
    }
}
