package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How a request for a stream's events picks SSE or JSON, its position, wait and limit. */
class EventsRequestTest {

    @Test
    void sseWhenAcceptedOrWhenNothingElseIsAskedFor() {
        assertThat(EventsRequest.parse("text/event-stream", null, "5", "30s", null).sse()).isTrue();
        assertThat(EventsRequest.parse(null, null, null, null, null).sse()).isTrue();
        assertThat(EventsRequest.parse("*/*", null, null, null, null).sse()).isTrue();
        assertThat(EventsRequest.parse("*/*", null, "5", null, null).sse()).isFalse();
        assertThat(EventsRequest.parse(null, null, null, "10s", null).sse()).isFalse();
        assertThat(EventsRequest.parse("application/json", null, null, null, null).sse()).isFalse();
    }

    @Test
    void lastEventIdWinsOverAfter() {
        assertThat(EventsRequest.parse(null, "42", "7", null, null).after()).isEqualTo(42);
        assertThat(EventsRequest.parse(null, " ", "7", null, null).after()).isEqualTo(7);
        assertThat(EventsRequest.parse(null, null, null, null, null).after()).isZero();
    }

    @Test
    void waitTakesDurationsAndIsCapped() {
        assertThat(EventsRequest.parse(null, null, null, "30s", null).waitMillis()).isEqualTo(30_000);
        assertThat(EventsRequest.parse(null, null, null, "250ms", null).waitMillis()).isEqualTo(250);
        assertThat(EventsRequest.parse(null, null, null, "12", null).waitMillis()).isEqualTo(12_000);
        assertThat(EventsRequest.parse(null, null, null, "90m", null).waitMillis()).isEqualTo(300_000);
        assertThat(EventsRequest.parse(null, null, null, null, null).waitMillis()).isZero();
    }

    @Test
    void badValuesAreProblemsNamingTheParameter() {
        assertThatThrownBy(() -> EventsRequest.parse(null, "abc", null, null, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().invalidParams()).extracting(Problem.InvalidParam::name)
                            .containsExactly("Last-Event-ID");
                });
        assertThatThrownBy(() -> EventsRequest.parse(null, null, "-3", null, null)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> EventsRequest.parse(null, null, null, "soon", null))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> EventsRequest.parse(null, null, null, null, "501")).isInstanceOf(ProblemException.class);
        assertThat(EventsRequest.parse(null, null, null, null, "500").limit()).isEqualTo(500);
        assertThat(EventsRequest.parse(null, null, null, null, null).limit()).isEqualTo(100);
    }
}
