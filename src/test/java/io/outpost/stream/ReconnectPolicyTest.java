package io.outpost.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.outpost.testing.ManualClock;
import io.outpost.upstream.Backoff;

/** Reconnection waits, the stability rule and the fallback threshold, on a hand-moved clock. */
class ReconnectPolicyTest {

    private static final Duration STABLE = Duration.ofSeconds(45);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    private ReconnectPolicy policy(int fallbackAfter) {
        return new ReconnectPolicy(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(7)),
                Duration.ofSeconds(1), Duration.ofMinutes(5), fallbackAfter, STABLE, clock, new Random(11));
    }

    private static Duration failed(ReconnectPolicy policy) {
        return policy.ended(Ending.refused("refused"), Optional.empty()).delay();
    }

    @Test
    void waitsGrowWithFailuresInARowAndStayUnderTheCap() {
        ReconnectPolicy policy = policy(3);
        for (int i = 1; i <= 12; i++) {
            Duration wait = failed(policy);
            long ceiling = Math.min(60_000, 1000L << i);
            assertThat(wait.toMillis()).as("attempt %d", i).isBetween(1000L, ceiling);
        }
        assertThat(policy.failures()).isEqualTo(12);
    }

    @Test
    void fallsBackAfterTheConfiguredFailuresInARow() {
        ReconnectPolicy policy = policy(3);
        failed(policy);
        failed(policy);
        assertThat(policy.fallBack()).isFalse();
        failed(policy);
        assertThat(policy.fallBack()).isTrue();
    }

    @Test
    void aConnectionThatDropsAtOnceCountsAsAFailure() {
        ReconnectPolicy policy = policy(3);
        for (int i = 0; i < 3; i++) {
            policy.connected();
            clock.advance(Duration.ofSeconds(1));
            failed(policy);
        }
        assertThat(policy.failures()).isEqualTo(3);
        assertThat(policy.fallBack()).isTrue();
    }

    @Test
    void aStableConnectionResetsTheSchedule() {
        ReconnectPolicy policy = policy(3);
        failed(policy);
        failed(policy);
        policy.connected();
        clock.advance(STABLE);
        failed(policy);
        assertThat(policy.failures()).isEqualTo(1);
        assertThat(policy.fallBack()).isFalse();
    }

    @Test
    void theServersRetryIsAFloor() {
        ReconnectPolicy policy = policy(3);
        assertThat(policy.ended(new Ending(Ending.Kind.REFUSED, "503", Optional.of(Duration.ofSeconds(5)), 503),
                Optional.empty()).delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(policy.ended(Ending.broken("reset"), Optional.of(Duration.ofSeconds(7))).delay())
                .isGreaterThanOrEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void livenessDiesOnlyAfterTheWholeTimeoutWithoutASign() {
        Liveness liveness = new Liveness(Duration.ofSeconds(45), clock);
        clock.advance(Duration.ofSeconds(44));
        assertThat(liveness.dead()).isFalse();
        liveness.seen();
        clock.advance(Duration.ofSeconds(44));
        assertThat(liveness.dead()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(liveness.dead()).isTrue();
        assertThat(liveness.lastSeen()).isEqualTo(clock.instant().minusSeconds(45));
    }
}
