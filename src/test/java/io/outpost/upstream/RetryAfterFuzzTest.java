package io.outpost.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A Retry-After header is whatever the upstream sends: it never throws and never yields a delay below zero
 * or above a day. Runs its seeds in every build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class RetryAfterFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyRetryAfterIsABoundedDelay(FuzzedDataProvider data) {
        Instant now = Instant.ofEpochSecond(data.consumeLong(0, 4_000_000_000L));
        RetryAfter.parse(data.consumeRemainingAsString(), now).ifPresent(d -> assertThat(d)
                .isBetween(Duration.ZERO, RetryAfter.LONGEST));
    }
}
