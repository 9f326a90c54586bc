package io.outpost.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(1);

    /** Draws the largest value the bound allows (or the smallest) and records each bound it was given. */
    private static final class Fixed implements RandomGenerator {
        final boolean top;
        final List<Long> bounds = new ArrayList<>();

        Fixed(boolean top) {
            this.top = top;
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("backoff must draw with a bound");
        }

        @Override
        public long nextLong(long bound) {
            bounds.add(bound);
            return top ? bound - 1 : 0;
        }
    }

    @ParameterizedTest
    @CsvSource({ "1,200", "2,400", "3,800", "4,1000", "5,1000", "30,1000" })
    void ceilingDoublesFromTwiceTheInitialDelayAndStopsAtMaxDelay(int attempts, long millis) {
        Backoff backoff = new Backoff(INITIAL, MAX, new Fixed(true));

        assertThat(backoff.ceiling(attempts)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void maxDelayBelowInitialDelayCapsEvenTheFirstWait() {
        Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(2), new Fixed(true));

        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.next(1, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void hugeAttemptCountsDoNotOverflow() {
        Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofDays(365), new Fixed(true));

        assertThat(backoff.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(365));
        assertThat(backoff.next(Integer.MAX_VALUE, Optional.empty())).isEqualTo(Duration.ofDays(365));
        assertThat(new Backoff(INITIAL, MAX, new Fixed(true)).next(Integer.MAX_VALUE, Optional.empty()))
                .isEqualTo(MAX);
    }

    @Test
    void jitterDrawsFromTheInitialDelayUpToTheCeilingInclusive() {
        Fixed top = new Fixed(true);
        Fixed bottom = new Fixed(false);

        assertThat(new Backoff(INITIAL, MAX, top).next(3, Optional.empty())).isEqualTo(Duration.ofMillis(800));
        assertThat(new Backoff(INITIAL, MAX, bottom).next(3, Optional.empty())).isEqualTo(INITIAL);
        assertThat(top.bounds).containsExactly(701L);
        assertThat(bottom.bounds).containsExactly(701L);
    }

    @Test
    void seededWaitsStayWithinTheInitialDelayAndTheCeilingForEveryAttempt() {
        Backoff backoff = new Backoff(INITIAL, MAX, new Random(42));

        for (int attempts = 1; attempts <= 12; attempts++) {
            Duration ceiling = backoff.ceiling(attempts);
            for (int i = 0; i < 500; i++) {
                assertThat(backoff.next(attempts, Optional.empty())).isBetween(INITIAL, ceiling);
            }
        }
    }

    @Test
    void seededWaitsReachBothEndsOfTheRange() {
        Backoff backoff = new Backoff(Duration.ofMillis(10), MAX, new Random(7));
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            waits.add(backoff.next(1, Optional.empty()));
        }

        assertThat(waits).contains(Duration.ofMillis(10), Duration.ofMillis(20)).allSatisfy(
                w -> assertThat(w).isBetween(Duration.ofMillis(10), Duration.ofMillis(20)));
    }

    @Test
    void retryAfterWinsWhenLongerThanTheJitteredWait() {
        Backoff backoff = new Backoff(INITIAL, MAX, new Fixed(true));

        assertThat(backoff.next(1, Optional.of(Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterIsOnlyAFloorNotACap() {
        Backoff backoff = new Backoff(INITIAL, MAX, new Fixed(true));

        assertThat(backoff.next(3, Optional.of(Duration.ofMillis(50)))).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.next(3, Optional.of(Duration.ZERO))).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void retryAfterIsAFloorEvenWhenTheJitterDrawsItsLowest() {
        Backoff backoff = new Backoff(INITIAL, MAX, new Fixed(false));

        assertThat(backoff.next(4, Optional.of(Duration.ofMillis(250)))).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void zeroInitialDelayRetriesAtOnceWithoutDrawing() {
        Fixed random = new Fixed(true);
        Backoff backoff = new Backoff(Duration.ZERO, MAX, random);

        assertThat(backoff.ceiling(1)).isZero();
        assertThat(backoff.ceiling(Integer.MAX_VALUE)).isZero();
        assertThat(backoff.next(5, Optional.empty())).isZero();
        assertThat(random.bounds).isEmpty();
    }

    @Test
    void zeroInitialDelayStillHonoursRetryAfter() {
        Backoff backoff = new Backoff(Duration.ZERO, MAX, new Fixed(true));

        assertThat(backoff.next(1, Optional.of(Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(3));
    }
}
