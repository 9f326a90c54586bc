package io.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.outpost.outbox.MessageStatus;
import io.outpost.upstream.Backoff;
import io.outpost.upstream.Outcome;
import io.outpost.upstream.RetryDecision;
import io.vertx.core.buffer.Buffer;

class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final UUID ID = UUID.fromString("0193a6f0-0000-7000-8000-000000000001");
    private static final String ROUTE = "orders";

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

    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), TOP);

    private static Claimed claimed(int attempts, Instant expiresAt) {
        return new Claimed(ID, 42, "/items", "POST", "application/json", Buffer.buffer("{}"), 5, null, null,
                attempts, expiresAt, 1);
    }

    private static Outcome.Retry unavailable(Optional<Duration> retryAfter) {
        return new Outcome.Retry(503, "HTTP 503: busy", retryAfter, true);
    }

    private static AttemptResult after(int maxAttempts, Claimed message, Outcome outcome) {
        return new RetrySchedule(new RetryDecision(BACKOFF, maxAttempts)).after(message, ROUTE, outcome, NOW);
    }

    @Test
    void aDeliveredMessageIsDelivered() {
        assertThat(after(5, claimed(2, null), new Outcome.Delivered(201)))
                .isEqualTo(new AttemptResult(ID, ROUTE, MessageStatus.DELIVERED, true, null, 201, null));
    }

    @Test
    void aDeadOutcomeIsDeadWithItsStatusAndError() {
        assertThat(after(5, claimed(0, null), new Outcome.Dead(422, "HTTP 422: bad field")))
                .isEqualTo(new AttemptResult(ID, ROUTE, MessageStatus.DEAD, true, null, 422, "HTTP 422: bad field"));
    }

    @ParameterizedTest
    @CsvSource({ "0,2", "1,4", "2,8", "4,32", "5,60", "100,60" })
    void anAttemptedRetryIsQueuedAfterTheBackoffForTheAttemptCount(int previousAttempts, long waitSeconds) {
        AttemptResult result = after(-1, claimed(previousAttempts, null), unavailable(Optional.empty()));

        assertThat(result).isEqualTo(new AttemptResult(ID, ROUTE, MessageStatus.QUEUED, true, NOW.plusSeconds(waitSeconds), 503,
                "HTTP 503: busy"));
    }

    @Test
    void aLongerRetryAfterPushesTheNextAttemptBack() {
        AttemptResult result = after(5, claimed(0, null), unavailable(Optional.of(Duration.ofSeconds(30))));

        assertThat(result.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(result.nextAttemptAt()).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void aShorterRetryAfterDoesNotBringTheNextAttemptForward() {
        AttemptResult result = after(5, claimed(2, null), unavailable(Optional.of(Duration.ofMillis(10))));

        assertThat(result.nextAttemptAt()).isEqualTo(NOW.plusSeconds(8));
    }

    @Test
    void aConnectionFailureIsQueuedWithoutHttpStatus() {
        Outcome retry = new Outcome.Retry(null, "connect failed: Connection refused", Optional.empty(), true);

        assertThat(after(5, claimed(0, null), retry)).isEqualTo(new AttemptResult(ID, ROUTE, MessageStatus.QUEUED, true,
                NOW.plusSeconds(2), null, "connect failed: Connection refused"));
    }

    @Test
    void aRetryThatNeverLeftTheAgentIsQueuedShortlyAndCostsNoAttempt() {
        Outcome notAttempted = new Outcome.Retry(null, "circuit open", Optional.of(Duration.ofMinutes(5)), false);

        assertThat(after(5, claimed(1, null), notAttempted)).isEqualTo(new AttemptResult(ID, ROUTE, MessageStatus.QUEUED, false,
                NOW.plus(RetryDecision.NOT_ATTEMPTED_DELAY), null, null));
    }

    @Test
    void aRetryThatNeverLeftTheAgentDoesNotUseUpTheLastAttempt() {
        Outcome notAttempted = new Outcome.Retry(null, "bulkhead full", Optional.empty(), false);

        AttemptResult result = after(3, claimed(2, null), notAttempted);

        assertThat(result.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(result.attempted()).isFalse();
    }

    @Test
    void reachingMaxAttemptsGivesUp() {
        AttemptResult result = after(3, claimed(2, null), unavailable(Optional.empty()));

        assertThat(result).isEqualTo(new AttemptResult(ID, ROUTE, MessageStatus.DEAD, true, null, 503,
                "gave up after 3 attempts; last: HTTP 503: busy"));
    }

    @Test
    void theAttemptBeforeTheLastIsStillQueued() {
        assertThat(after(3, claimed(1, null), unavailable(Optional.empty())).status()).isEqualTo(MessageStatus.QUEUED);
    }

    @Test
    void aSingleAllowedAttemptGivesUpAtTheFirstFailure() {
        AttemptResult result = after(1, claimed(0, null), unavailable(Optional.empty()));

        assertThat(result.status()).isEqualTo(MessageStatus.DEAD);
        assertThat(result.error()).startsWith("gave up after 1 attempt");
    }

    @Test
    void withoutAnAttemptLimitItRetriesUntilTheTtl() {
        assertThat(after(-1, claimed(10_000, null), unavailable(Optional.empty())).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(after(-1, claimed(10_000, NOW.plusSeconds(30)), unavailable(Optional.empty())).status())
                .isEqualTo(MessageStatus.QUEUED);
    }

    @ParameterizedTest
    @CsvSource({ "500", "2000", "2001" })
    void aNextAttemptPastTheExpiryLeavesTheMessageQueuedUntilItsTtl(long expiresInMillis) {
        AttemptResult result = after(5, claimed(0, NOW.plusMillis(expiresInMillis)), unavailable(Optional.empty()));

        assertThat(result).isEqualTo(new AttemptResult(ID, ROUTE, MessageStatus.QUEUED, true, NOW.plusSeconds(2), 503,
                "HTTP 503: busy"));
    }

    @Test
    void aRetryAfterBeyondTheExpiryIsKeptAsTheNextAttempt() {
        AttemptResult result = after(5, claimed(0, NOW.plusSeconds(10)), unavailable(Optional.of(Duration.ofMinutes(1))));

        assertThat(result.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(result.nextAttemptAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void givingUpTakesPrecedenceOverExpiry() {
        AttemptResult result = after(1, claimed(0, NOW.plusMillis(1)), unavailable(Optional.empty()));

        assertThat(result.status()).isEqualTo(MessageStatus.DEAD);
    }

    @Test
    void aMessageWhoseTtlRanOutWhileItWaitedToBeSentExpiresWithoutAnAttempt() {
        assertThat(RetrySchedule.expiredBeforeSending(claimed(0, null), ROUTE, NOW)).isNull();
        assertThat(RetrySchedule.expiredBeforeSending(claimed(0, NOW.plusMillis(1)), ROUTE, NOW)).isNull();
        AttemptResult r = RetrySchedule.expiredBeforeSending(claimed(2, NOW), ROUTE, NOW);
        assertThat(r.status()).isEqualTo(MessageStatus.EXPIRED);
        assertThat(r.attempted()).isFalse();
        assertThat(r.error()).contains("TTL ran out");
    }
}
