package io.outpost.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.outpost.config.StreamConfig.PollFormat;

/** The shapes of long-poll answers, read without a server. */
class PollAnswerTest {

    private static final PollAnswer AUTO = new PollAnswer(PollFormat.AUTO, "id");

    @Test
    void theEnvelopeGivesItsEventsAndCursor() {
        PollAnswer.Parsed p = AUTO.parse(200, "application/json",
                "{\"events\":[{\"id\":\"a\",\"event\":\"order\",\"data\":\"x\"},{\"id\":7,\"data\":{\"n\":1}}],"
                        + "\"cursor\":\"c9\"}");
        assertThat(p.events()).containsExactly(new Incoming("a", "order", "x"), new Incoming("7", null, "{\"n\":1}"));
        assertThat(p.cursor()).isEqualTo("c9");
        assertThat(AUTO.parse(200, null, "{\"events\":[{\"id\":\"a\",\"data\":\"x\"}]}").cursor())
                .as("no envelope cursor: the last event's id").isEqualTo("a");
        assertThat(AUTO.parse(200, null, "{\"events\":[],\"cursor\":5}").cursor()).isEqualTo("5");
    }

    @Test
    void aJsonArrayIsTheEventsAndTheLastIdTheCursor() {
        PollAnswer.Parsed p = AUTO.parse(200, "application/json",
                " [{\"id\":1,\"type\":\"t\",\"price\":3},{\"id\":2,\"data\":\"two\"},\"plain\",{\"x\":1}]\n");
        assertThat(p.events()).containsExactly(new Incoming("1", null, "{\"id\":1,\"type\":\"t\",\"price\":3}"),
                new Incoming("2", null, "two"), new Incoming(null, null, "plain"), new Incoming(null, null, "{\"x\":1}"));
        assertThat(p.cursor()).as("the last event with an id").isEqualTo("2");
    }

    @Test
    void ndjsonIsOneEventALineByContentTypeOrBody() {
        String body = "{\"seq\":10,\"data\":\"a\"}\r\n\n{\"seq\":11,\"event\":\"e\",\"data\":\"b\"}\n";
        PollAnswer bySeq = new PollAnswer(PollFormat.AUTO, "seq");
        assertThat(bySeq.parse(200, "application/x-ndjson", body).events())
                .containsExactly(new Incoming("10", null, "a"), new Incoming("11", "e", "b"));
        assertThat(bySeq.parse(200, "application/json", body).cursor()).as("detected from the body").isEqualTo("11");
        assertThat(bySeq.parse(200, "application/x-ndjson", "{\"seq\":1,\"events\":[]}").events())
                .as("the content type wins over a body that looks like an envelope").hasSize(1);
        assertThat(AUTO.parse(200, null, "{\"id\":\"only\",\"data\":\"one\"}").events())
                .as("one object without events: a single line").containsExactly(new Incoming("only", null, "one"));
        assertThat(AUTO.parse(200, "application/json-seq", "\u001e{\"id\":1}\n\u001e{\"id\":2}\n").cursor())
                .isEqualTo("2");
    }

    @Test
    void nothingYetIsA204OrAnEmpty200AndKeepsTheCursor() {
        assertThat(AUTO.parse(204, null, "")).isEqualTo(new PollAnswer.Parsed(List.of(), null));
        assertThat(AUTO.parse(200, "application/json", "  \r\n")).isEqualTo(new PollAnswer.Parsed(List.of(), null));
        assertThat(AUTO.parse(200, null, "[]")).isEqualTo(new PollAnswer.Parsed(List.of(), null));
    }

    @Test
    void aForcedFormatReadsOnlyThatShape() {
        assertThat(new PollAnswer(PollFormat.NDJSON, "id").parse(200, null, "{\"events\":[],\"id\":\"e\"}").events())
                .hasSize(1);
        assertThatThrownBy(() -> new PollAnswer(PollFormat.JSON_ARRAY, "id").parse(200, null, "{\"events\":[]}"))
                .isInstanceOf(PollAnswer.Malformed.class).hasMessageContaining("not a JSON array");
        assertThatThrownBy(() -> new PollAnswer(PollFormat.ENVELOPE, "id").parse(200, null, "[1]"))
                .isInstanceOf(PollAnswer.Malformed.class).hasMessageContaining("not a JSON object");
    }

    @Test
    void aMalformedAnswerFailsWhole() {
        assertThatThrownBy(() -> AUTO.parse(200, "application/x-ndjson", "{\"id\":1}\n{\"id\":2\n"))
                .isInstanceOf(PollAnswer.Malformed.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> AUTO.parse(200, null, "[{\"id\":1},"))
                .isInstanceOf(PollAnswer.Malformed.class);
        assertThatThrownBy(() -> new PollAnswer(PollFormat.ENVELOPE, "id").parse(200, null, "{\"events\":{}}"))
                .isInstanceOf(PollAnswer.Malformed.class).hasMessageContaining("not an array");
        assertThatThrownBy(() -> AUTO.parse(500, null, "{}")).isInstanceOf(PollAnswer.Malformed.class);
    }
}
