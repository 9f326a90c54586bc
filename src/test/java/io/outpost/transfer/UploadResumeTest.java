package io.outpost.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.outpost.transfer.UploadResume.Failed;
import io.outpost.transfer.UploadResume.Resume;
import io.outpost.transfer.UploadResume.Whole;
import io.outpost.upstream.Outcome;
import io.outpost.upstream.UpstreamResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

class UploadResumeTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static UpstreamResponse answer(int status, String... headers) {
        MultiMap map = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < headers.length; i += 2) {
            map.add(headers[i], headers[i + 1]);
        }
        return new UpstreamResponse(status, map, Buffer.buffer());
    }

    @Test
    void theHeadersFollowTheConvention() {
        assertThat(UploadResume.query(1000)).isEqualTo("bytes */1000");
        assertThat(UploadResume.range(400, 1000)).isEqualTo("bytes 400-999/1000");
        assertThat(UploadResume.range(0, 1)).isEqualTo("bytes 0-0/1");
    }

    @Test
    void a308WithARangeResumesAfterTheBytesHeld() {
        assertThat(UploadResume.after(answer(308, "Range", "bytes=0-399"), 1000, NOW)).isEqualTo(new Resume(400));
        assertThat(UploadResume.after(answer(308, "Range", " bytes=0-0 "), 1000, NOW)).isEqualTo(new Resume(1));
    }

    @Test
    void a308WithoutAReadableRangeSendsEverythingAsARange() {
        assertThat(UploadResume.after(answer(308), 1000, NOW)).isEqualTo(new Resume(0));
        assertThat(UploadResume.after(answer(308, "Range", "bytes=5-10"), 1000, NOW)).isEqualTo(new Resume(0));
        assertThat(UploadResume.after(answer(308, "Range", "bytes=0-99999999999999999999"), 1000, NOW))
                .isEqualTo(new Resume(0));
    }

    @Test
    void holdingEverythingWithoutHavingFinishedStartsOver() {
        assertThat(UploadResume.after(answer(308, "Range", "bytes=0-999"), 1000, NOW)).isEqualTo(new Whole());
        assertThat(UploadResume.after(answer(308, "Range", "bytes=0-5000"), 1000, NOW)).isEqualTo(new Whole());
    }

    @Test
    void anUpstreamWithoutPartialPutsGetsTheWholeBody() {
        for (int status : new int[] { 200, 201, 204, 400, 404, 405, 411, 416, 501 }) {
            assertThat(UploadResume.after(answer(status), 1000, NOW)).as("HTTP %d", status).isEqualTo(new Whole());
        }
    }

    @Test
    void aRetryableAnswerIsTheAttemptsFailureWithItsRetryAfter() {
        UploadResume.Decision d = UploadResume.after(answer(503, "Retry-After", "7"), 1000, NOW);
        assertThat(d).isInstanceOf(Failed.class);
        Outcome.Retry retry = (Outcome.Retry) ((Failed) d).outcome();
        assertThat(retry.status()).isEqualTo(503);
        assertThat(retry.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(retry.attempted()).isTrue();
        for (int status : new int[] { 408, 425, 429, 500, 502 }) {
            assertThat(UploadResume.after(answer(status), 1000, NOW)).as("HTTP %d", status).isInstanceOf(Failed.class);
        }
    }

    @Test
    void a308ToTheRestMeansBytesAreStillMissing() {
        Outcome o = UploadResume.sent(answer(308, "Range", "bytes=0-499"), 1000, NOW);
        assertThat(o).isInstanceOf(Outcome.Retry.class);
        assertThat(((Outcome.Retry) o).status()).isEqualTo(308);
        assertThat(((Outcome.Retry) o).error()).contains("bytes=0-499");
        assertThat(UploadResume.sent(answer(201), 1000, NOW)).isEqualTo(new Outcome.Delivered(201));
        assertThat(UploadResume.sent(answer(422), 1000, NOW)).isInstanceOf(Outcome.Dead.class);
    }
}
