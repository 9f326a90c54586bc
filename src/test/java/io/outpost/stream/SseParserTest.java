package io.outpost.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The event-stream format as the WHATWG spec defines it, including its corner cases. */
class SseParserTest {

    private final List<Incoming> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final List<Duration> retries = new ArrayList<>();
    private final SseParser parser = parser(null);

    private SseParser parser(String lastId) {
        return new SseParser(lastId, new SseParser.Sink() {
            @Override
            public void event(Incoming event) {
                events.add(event);
            }

            @Override
            public void retry(Duration delay) {
                retries.add(delay);
            }

            @Override
            public void comment(String text) {
                comments.add(text);
            }
        });
    }

    private void feed(String text) {
        parser.feed(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void multiLineDataIsJoinedWithLineFeeds() {
        feed("data: first\ndata: second\ndata:third\n\n");
        assertThat(events).containsExactly(new Incoming(null, null, "first\nsecond\nthird"));
    }

    @Test
    void eventTypeAndIdAreTaken() {
        feed("event: price\nid: 42\ndata: {\"p\":1}\n\n");
        assertThat(events).containsExactly(new Incoming("42", "price", "{\"p\":1}"));
    }

    @Test
    void theIdCarriesOverToLaterEventsAndTheTypeDoesNot() {
        feed("event: a\nid: 7\ndata: x\n\ndata: y\n\n");
        assertThat(events).containsExactly(new Incoming("7", "a", "x"), new Incoming("7", null, "y"));
        assertThat(parser.lastEventId()).isEqualTo("7");
    }

    @Test
    void anEmptyIdResetsItAndAnIdWithNulIsIgnored() {
        feed("id: 5\ndata: x\n\nid\ndata: y\n\nid: a\u0000b\ndata: z\n\n");
        assertThat(events).extracting(Incoming::id).containsExactly("5", null, null);
    }

    @Test
    void theResumeIdIsKnownBeforeAnyEvent() {
        SseParser resumed = parser("99");
        resumed.feed("data: next\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events).containsExactly(new Incoming("99", null, "next"));
    }

    @Test
    void crLfAndCrlfAllEndLines() {
        feed("data: a\r\rdata: b\n\ndata: c\r\n\r\n");
        assertThat(events).extracting(Incoming::data).containsExactly("a", "b", "c");
    }

    @Test
    void aCrlfSplitAcrossTwoReadsIsOneLineEnd() {
        feed("data: a\r");
        feed("\ndata: b\r");
        feed("\n\r");
        feed("\n");
        assertThat(events).extracting(Incoming::data).containsExactly("a\nb");
    }

    @Test
    void aUtf8CharacterSplitAcrossReadsDecodes() {
        byte[] bytes = "data: h\u00e9llo \u20ac\n\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            parser.feed(new byte[] { b });
        }
        assertThat(events).extracting(Incoming::data).containsExactly("h\u00e9llo \u20ac");
    }

    @Test
    void aLeadingByteOrderMarkIsSkippedEvenWhenSplit() {
        byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
        parser.feed(new byte[] { bom[0] });
        parser.feed(new byte[] { bom[1], bom[2], 'd' });
        feed("ata: x\n\n");
        assertThat(events).extracting(Incoming::data).containsExactly("x");
    }

    @Test
    void onlyTheFirstByteOrderMarkIsSkipped() {
        parser.feed(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
        feed("data: x\n\n");
        assertThat(events).isEmpty(); // the second one makes the field name unknown, so the line is ignored
    }

    @Test
    void commentsAreReportedAndDispatchNothing() {
        feed(": keep-alive\n\n:\n\n");
        assertThat(comments).containsExactly("keep-alive", "");
        assertThat(events).isEmpty();
    }

    @Test
    void retryTakesOnlyDigits() {
        feed("retry: 1500\n\nretry: 2s\n\nretry: -1\n\n");
        assertThat(retries).containsExactly(Duration.ofMillis(1500));
    }

    @Test
    void aBlockWithoutDataDispatchesNothing() {
        feed("event: ping\n\nid: 3\n\ndata: x\n\n");
        assertThat(events).containsExactly(new Incoming("3", null, "x"));
    }

    @Test
    void anEmptyDataFieldIsAnEmptyEvent() {
        feed("data\n\ndata:\ndata:\n\n");
        assertThat(events).extracting(Incoming::data).containsExactly("", "\n");
    }

    @Test
    void onlyOneLeadingSpaceIsStrippedAndColonsInValuesStay() {
        feed("data:  two spaces\ndata: a:b: c\n\n");
        assertThat(events).extracting(Incoming::data).containsExactly(" two spaces\na:b: c");
    }

    @Test
    void unknownFieldsAreIgnored() {
        feed("foo: bar\ndata: x\nbaz\n\n");
        assertThat(events).extracting(Incoming::data).containsExactly("x");
    }

    @Test
    void anUnterminatedEventAtTheEndIsNotDispatched() {
        feed("data: complete\n\ndata: partial\n");
        assertThat(events).extracting(Incoming::data).containsExactly("complete");
    }
}
