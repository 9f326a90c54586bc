package io.outpost.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.outpost.upstream.RetryDecision.Verdict;

/** Every branch of the one retry decision that messages and transfers share. */
class RetryDecisionTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    /** Always draws the top of the jitter range, so every wait equals the backoff ceiling. */
    private static final RandomGenerator TOP = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    private static RetryDecision decision(int maxAttempts) {
        return new RetryDecision(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), TOP), maxAttempts);
    }

    private static Outcome.Retry busy(Optional<Duration> retryAfter) {
        return new Outcome.Retry(503, "HTTP 503: busy", retryAfter, true);
    }

    @Test
    void aDeliveredOutcomeIsDeliveredAndCountsTheAttempt() {
        assertThat(decision(5).after(2, new Outcome.Delivered(201), NOW)).isEqualTo(new Verdict.Delivered(3, 201));
    }

    @Test
    void aDeadOutcomeIsDeadAtOnceWhateverTheAttemptsLeft() {
        assertThat(decision(-1).after(0, new Outcome.Dead(422, "HTTP 422: bad"), NOW))
                .isEqualTo(new Verdict.Dead(1, 422, "HTTP 422: bad"));
    }

    @Test
    void aDeadOutcomeWithoutAnAnswerHasNoStatus() {
        assertThat(decision(5).after(1, new Outcome.Dead(0, "disk full"), NOW))
                .isEqualTo(new Verdict.Dead(2, null, "disk full"));
    }

    @Test
    void aRequestThatNeverLeftIsTriedAgainSoonWithoutCostingAnAttempt() {
        Outcome.Retry offline = new Outcome.Retry(null, "route offline", Optional.empty(), false);
        assertThat(decision(3).after(2, offline, NOW))
                .isEqualTo(new Verdict.NotAttempted(2, NOW.plus(RetryDecision.NOT_ATTEMPTED_DELAY), "route offline"));
    }

    @ParameterizedTest
    @CsvSource({ "0, 2", "1, 4", "2, 8", "10, 60" })
    void aCountedRetryableFailureWaitsOutTheBackoff(int before, int waitSeconds) {
        assertThat(decision(-1).after(before, busy(Optional.empty()), NOW))
                .isEqualTo(new Verdict.Again(before + 1, NOW.plusSeconds(waitSeconds), 503, "HTTP 503: busy"));
    }

    @Test
    void aRetryAfterLongerThanTheBackoffIsWaitedOut() {
        Verdict v = decision(5).after(0, busy(Optional.of(Duration.ofSeconds(30))), NOW);
        assertThat(((Verdict.Again) v).at()).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void theLastAllowedAttemptGivesUpWithTheLastError() {
        assertThat(decision(3).after(2, busy(Optional.empty()), NOW))
                .isEqualTo(new Verdict.Dead(3, 503, "gave up after 3 attempts; last: HTTP 503: busy"));
        assertThat(decision(3).after(1, busy(Optional.empty()), NOW)).isInstanceOf(Verdict.Again.class);
    }

    @Test
    void oneAllowedAttemptIsSaidInTheSingular() {
        assertThat(decision(1).after(0, busy(Optional.empty()), NOW))
                .isEqualTo(new Verdict.Dead(1, 503, "gave up after 1 attempt; last: HTTP 503: busy"));
    }

    @Test
    void noLimitRetriesForEver() {
        assertThat(decision(-1).after(10_000, busy(Optional.empty()), NOW)).isInstanceOf(Verdict.Again.class);
        assertThat(decision(0).after(10_000, busy(Optional.empty()), NOW)).isInstanceOf(Verdict.Again.class);
    }
}
