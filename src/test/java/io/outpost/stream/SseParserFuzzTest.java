package io.outpost.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Whatever bytes an upstream sends, the parser does not throw, and where the network cuts the stream into
 * reads does not change what it yields: the events, retries and comments of a stream fed in three pieces
 * are those of the same stream fed whole. Runs its seeds in every build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SseParserFuzzTest {

    private static List<String> parse(List<byte[]> chunks) {
        List<String> seen = new ArrayList<>();
        SseParser parser = new SseParser("seed", new SseParser.Sink() {
            @Override
            public void event(Incoming event) {
                seen.add("event " + event);
            }

            @Override
            public void retry(Duration reconnectionTime) {
                seen.add("retry " + reconnectionTime);
            }

            @Override
            public void comment(String text) {
                seen.add("comment " + text);
            }
        });
        chunks.forEach(parser::feed);
        seen.add("last " + parser.lastEventId());
        return seen;
    }

    @FuzzTest(maxDuration = "10s")
    void splitsDoNotChangeWhatIsParsed(FuzzedDataProvider data) {
        int first = data.consumeInt(0, 64);
        int second = data.consumeInt(0, 64);
        byte[] stream = data.consumeRemainingAsBytes();
        int a = Math.min(first, stream.length);
        int b = Math.min(a + second, stream.length);
        List<String> whole = parse(List.of(stream));
        List<String> pieces = parse(List.of(Arrays.copyOfRange(stream, 0, a), Arrays.copyOfRange(stream, a, b),
                Arrays.copyOfRange(stream, b, stream.length)));
        assertThat(pieces).isEqualTo(whole);
    }
}
