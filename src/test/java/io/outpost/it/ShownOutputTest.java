package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What counts as "the output the README shows" for {@link ReadmeTourIT}. */
class ShownOutputTest {

    private static final List<String> SHOWN = List.of("HTTP/1.1 202 Accepted", "location: /v1/messages/01a2523a-b76a-7e5c-806c-b0700b8f2bef",
            "content-length: 192", "",
            "{\"id\":\"01a2523a-b76a-7e5c-806c-b0700b8f2bef\",\"status\":\"queued\",\"attempts\":3,\"acceptedAt\":\"2026-12-07T20:38:29.482Z\",\"lastError\":null}");

    @Test
    void idsTimesAndVaryingCountsMayDiffer() {
        assertThat(ShownOutput.differences(SHOWN, "HTTP/1.1 202 Accepted\r\nLocation: /v1/messages/01a253b6-f611-7ab6-8d2f-421c49b6f899\r\n"
                + "content-length: 190\r\n\r\n{\"id\":\"01a253b6-f611-7ab6-8d2f-421c49b6f899\",\"status\":\"queued\",\"attempts\":1,"
                + "\"acceptedAt\":\"2026-12-08T03:33:49.2Z\",\"lastError\":null}\n")).isEmpty();
    }

    @Test
    void anotherStatusAFieldMoreOrLessOrAnotherHeaderDoNot() {
        String body = "{\"id\":\"01a253b6-f611-7ab6-8d2f-421c49b6f899\",\"status\":\"queued\",\"attempts\":1,\"acceptedAt\":\"x\",\"lastError\":null}";
        String head = "HTTP/1.1 202 Accepted\nlocation: /v1/messages/01a253b6-f611-7ab6-8d2f-421c49b6f899\ncontent-length: 1\n\n";
        assertThat(ShownOutput.differences(SHOWN, head + body)).isEmpty();
        assertThat(ShownOutput.differences(SHOWN, head.replace("202 Accepted", "200 OK") + body)).isNotEmpty();
        assertThat(ShownOutput.differences(SHOWN, head + body.replace("queued", "dead"))).isNotEmpty();
        assertThat(ShownOutput.differences(SHOWN, head + body.replace("}", ",\"more\":1}"))).isNotEmpty();
        assertThat(ShownOutput.differences(SHOWN, head + body.replace(",\"lastError\":null", ""))).isNotEmpty();
        assertThat(ShownOutput.differences(SHOWN, head + body.replace("\"lastError\":null", "\"lastError\":\"boom\""))).isNotEmpty();
        assertThat(ShownOutput.differences(SHOWN, head.replace("location", "etag") + body)).isNotEmpty();
        assertThat(ShownOutput.differences(SHOWN, head + "not json")).isNotEmpty();
    }

    @Test
    void printedLinesAppearInOrderWithOthersBetween() {
        List<String> shown = List.of("127.0.0.1 - - [07/Dec/2026 20:38:25] \"HEAD /ingest/ HTTP/1.1\" 204 -", "{\"temp\":21.5}");
        assertThat(ShownOutput.appearsIn(shown, "127.0.0.1 - - [08/Dec/2026 03:33:43] \"HEAD /ingest/ HTTP/1.1\" 204 -\n"
                + "other\n{\"temp\":21.5}\n")).isTrue();
        assertThat(ShownOutput.appearsIn(shown, "{\"temp\":21.5}\n127.0.0.1 - - [08/Dec/2026 03:33:43] \"HEAD /ingest/ HTTP/1.1\" 204 -\n"))
                .isFalse();
    }
}
