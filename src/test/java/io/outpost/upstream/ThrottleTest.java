package io.outpost.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.outpost.config.RateLimit;

class ThrottleTest {

    private static final long T0 = 1_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private static Throttle fivePerSecond() {
        return new Throttle(new RateLimit(5, Duration.ofSeconds(1)));
    }

    @Test
    void aBurstOfPermitsPassesWithoutWaiting() {
        Throttle throttle = fivePerSecond();

        for (int i = 0; i < 5; i++) {
            assertThat(throttle.reserve(T0)).isZero();
        }
    }

    @Test
    void eachRequestBeyondTheBurstWaitsOneMoreInterval() {
        Throttle throttle = fivePerSecond();
        for (int i = 0; i < 5; i++) {
            throttle.reserve(T0);
        }

        assertThat(throttle.reserve(T0)).isEqualTo(Duration.ofMillis(200));
        assertThat(throttle.reserve(T0)).isEqualTo(Duration.ofMillis(400));
        assertThat(throttle.reserve(T0)).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void aSinglePermitAllowsNoBurst() {
        Throttle throttle = new Throttle(new RateLimit(1, Duration.ofSeconds(2)));

        assertThat(throttle.reserve(T0)).isZero();
        assertThat(throttle.reserve(T0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.reserve(T0 + Duration.ofSeconds(1).toNanos())).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void callersArrivingAtTheRateNeverWait() {
        Throttle throttle = new Throttle(new RateLimit(10, Duration.ofSeconds(1)));

        for (int i = 0; i < 1000; i++) {
            assertThat(throttle.reserve(T0 + i * 100 * MS)).isZero();
        }
    }

    @Test
    void sustainedDemandIsServedAtPermitsPerPeriod() {
        Throttle throttle = new Throttle(new RateLimit(10, Duration.ofSeconds(1)));
        long horizon = T0 + Duration.ofSeconds(60).toNanos();
        int started = 0;
        long previous = Long.MIN_VALUE;
        for (int k = 0; k < 6000; k++) {
            long now = T0 + k * 10 * MS;
            long start = now + throttle.reserve(now).toNanos();
            if (start < horizon) {
                started++;
            }
            if (k > 10) {
                assertThat(start - previous).isEqualTo(100 * MS);
            }
            previous = start;
        }

        assertThat(started).isEqualTo(10 + 60 * 10 - 1);
    }

    @Test
    void idleTimeRefillsOneSlotPerInterval() {
        Throttle throttle = fivePerSecond();
        for (int i = 0; i < 5; i++) {
            throttle.reserve(T0);
        }

        assertThat(throttle.reserve(T0 + 200 * MS)).isZero();
        assertThat(throttle.reserve(T0 + 200 * MS)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aFullPeriodOfIdleTimeRestoresTheWholeBurst() {
        Throttle throttle = fivePerSecond();
        for (int i = 0; i < 5; i++) {
            throttle.reserve(T0);
        }
        long later = T0 + Duration.ofSeconds(1).toNanos();

        for (int i = 0; i < 5; i++) {
            assertThat(throttle.reserve(later)).isZero();
        }
        assertThat(throttle.reserve(later)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void longIdleTimeDoesNotBankMoreThanOneBurst() {
        Throttle throttle = fivePerSecond();
        throttle.reserve(T0);
        long muchLater = T0 + Duration.ofHours(1).toNanos();

        for (int i = 0; i < 5; i++) {
            assertThat(throttle.reserve(muchLater)).isZero();
        }
        assertThat(throttle.reserve(muchLater)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aRateThatDoesNotDivideThePeriodRoundsTheIntervalDown() {
        Throttle throttle = new Throttle(new RateLimit(3, Duration.ofSeconds(1)));
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.reserve(T0)).isZero();
        }

        assertThat(throttle.reserve(T0)).isEqualTo(Duration.ofNanos(333_333_333));
    }

    @Test
    void aFreshThrottleLetsTheFirstRequestThroughWhateverTheClockOrigin() {
        Throttle throttle = new Throttle(new RateLimit(1, Duration.ofSeconds(1)));

        assertThat(throttle.reserve(-5_000_000_000L)).isZero();
    }

    @Test
    void threeAgentsEachTakeAThirdOfTheRateAndOfTheBurst() {
        Throttle throttle = new Throttle(new RateLimit(6, Duration.ofSeconds(1)));

        assertThat(throttle.reserve(T0, 3)).isZero();
        assertThat(throttle.reserve(T0, 3)).isZero();
        assertThat(throttle.reserve(T0, 3)).isEqualTo(Duration.ofMillis(500));
        assertThat(throttle.reserve(T0, 3)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void anAgentsShareOfSustainedDemandKeepsTheFleetAtTheRoutesRate() {
        Throttle throttle = new Throttle(new RateLimit(10, Duration.ofSeconds(1)));
        long horizon = T0 + Duration.ofSeconds(60).toNanos();
        int started = 0;
        for (int k = 0; k < 6000; k++) {
            long now = T0 + k * 10 * MS;
            if (now + throttle.reserve(now, 2).toNanos() < horizon) {
                started++;
            }
        }

        // 5 a second for each of two agents: together the route's 10 (the burst of 5 less the first slot)
        assertThat(started).isEqualTo(5 + 60 * 5 - 1);
    }
}
