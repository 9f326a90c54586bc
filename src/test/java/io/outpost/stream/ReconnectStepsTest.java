package io.outpost.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.outpost.stream.ReconnectPolicy.Step;
import io.outpost.testing.ManualClock;
import io.outpost.upstream.Backoff;

/** The next step after each kind of end: the server's retry, prompt, backoff, long wait or stop. */
class ReconnectStepsTest {

    private static final Duration RETRY = Duration.ofMillis(200);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ReconnectPolicy policy = new ReconnectPolicy(
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(3)), Duration.ofMillis(500),
            Duration.ofMinutes(4), 3, Duration.ofSeconds(45), clock, new Random(5));

    private ReconnectPolicy.Decision end(Ending ending) {
        return policy.ended(ending, Optional.of(RETRY));
    }

    @Test
    void aCleanEndAfterEventsWaitsTheServersRetryEveryTimeAndIsNoFailure() {
        for (int i = 0; i < 20; i++) {
            policy.connected();
            clock.advance(Duration.ofSeconds(1));
            policy.progressed();
            ReconnectPolicy.Decision next = end(Ending.clean("the server ended the event stream"));
            assertThat(next.step()).isEqualTo(Step.PROMPT);
            assertThat(next.delay()).isEqualTo(RETRY);
        }
        assertThat(policy.failures()).isZero();
        assertThat(policy.fallBack()).isFalse();
    }

    @Test
    void withoutARetryFromTheServerAPromptReconnectionWaitsAtMostThePromptDelay() {
        for (int i = 0; i < 50; i++) {
            policy.connected();
            policy.progressed();
            ReconnectPolicy.Decision next = policy.ended(Ending.close(1012, "restart"), Optional.empty());
            assertThat(next.step()).isEqualTo(Step.PROMPT);
            assertThat(next.delay()).isBetween(Duration.ZERO, Duration.ofMillis(500));
        }
    }

    @Test
    void aCleanEndWithoutAnyEventIsAFailureSoItIsNotRetriedInALoop() {
        for (int i = 1; i <= 6; i++) {
            policy.connected();
            clock.advance(Duration.ofSeconds(1));
            ReconnectPolicy.Decision next = end(Ending.clean("ended"));
            assertThat(next.step()).isEqualTo(Step.BACKOFF);
            assertThat(next.reason()).endsWith("without any event");
            assertThat(next.delay()).isGreaterThanOrEqualTo(RETRY).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            long ceiling = Math.min(60_000, 1000L << i);
            assertThat(next.delay().toMillis()).isLessThanOrEqualTo(ceiling);
        }
        assertThat(policy.failures()).isEqualTo(6);
    }

    @Test
    void anEventResetsTheBackoffOfEarlierFailures() {
        for (int i = 0; i < 5; i++) {
            end(Ending.refused("connection refused"));
        }
        assertThat(policy.failures()).isEqualTo(5);
        policy.connected();
        policy.progressed();
        assertThat(policy.failures()).isZero();
        ReconnectPolicy.Decision next = end(Ending.broken("connection reset"));
        assertThat(next.step()).isEqualTo(Step.BACKOFF);
        assertThat(next.delay().toMillis()).isBetween(1000L, 2000L);
        assertThat(policy.failures()).isEqualTo(1);
    }

    @Test
    void noContentStopsAndRejectionsWaitLong() {
        assertThat(end(Ending.status(204, null, clock.instant(), "the SSE GET")).step()).isEqualTo(Step.STOP);
        for (Ending rejected : new Ending[] { Ending.status(401, null, clock.instant(), "the handshake"),
            Ending.status(403, null, clock.instant(), "the handshake"), Ending.close(1008, "policy"),
            Ending.close(1003, null), Ending.close(4001, "bad token") }) {
            ReconnectPolicy.Decision next = end(rejected);
            assertThat(next.step()).as(rejected.reason()).isEqualTo(Step.REJECTED);
            assertThat(next.delay()).isBetween(Duration.ofMinutes(3), Duration.ofMinutes(4));
        }
    }

    @Test
    void aRetryAfterOfARefusedAttemptIsAFloor() {
        Ending busy = Ending.status(503, "30", clock.instant(), "the handshake");
        assertThat(busy.kind()).isEqualTo(Ending.Kind.REFUSED);
        assertThat(policy.ended(busy, Optional.empty()).delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void closeCodesAreClassifiedAndTheTooBigOneSaysSo() {
        for (int code : new int[] { 1000, 1001, 1012, 1013 }) {
            assertThat(Ending.close(code, "").kind()).as("%d", code).isEqualTo(Ending.Kind.CLEAN);
        }
        for (int code : new int[] { 1006, 1011, 1005, -1, 3000 }) {
            assertThat(Ending.close(code, null).kind()).as("%d", code).isEqualTo(Ending.Kind.BROKEN);
        }
        Ending tooBig = Ending.close(1009, "message too big");
        assertThat(tooBig.kind()).isEqualTo(Ending.Kind.BROKEN);
        assertThat(tooBig.reason()).contains("1009").contains("too big");
    }
}
