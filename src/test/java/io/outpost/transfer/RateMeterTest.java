package io.outpost.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.outpost.testing.ManualClock;

class RateMeterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T12:00:00Z"));
    private final RateMeter meter = new RateMeter(clock);

    @Test
    void noRateBeforeThereIsSomethingToMeasure() {
        meter.reset(0);
        assertThat(meter.bytesPerSecond()).isNull();
        clock.advance(Duration.ofMillis(100));
        meter.record(1000);
        assertThat(meter.bytesPerSecond()).isNull();
    }

    @Test
    void theRateIsTheRecentOne() {
        meter.reset(0);
        for (int i = 0; i < 20; i++) { // 10 s at 1000 bytes/s
            clock.advance(Duration.ofMillis(500));
            meter.record((i + 1) * 500L);
        }
        assertThat(meter.bytesPerSecond()).isEqualTo(1000);
        for (int i = 0; i < 12; i++) { // then 6 s at 4000 bytes/s: the window only sees these
            clock.advance(Duration.ofMillis(500));
            meter.record(10_000 + (i + 1) * 2000L);
        }
        assertThat(meter.bytesPerSecond()).isBetween(3800L, 4000L);
    }

    @Test
    void aStallShowsAsAFallingRate() {
        meter.reset(0);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMillis(500));
            meter.record((i + 1) * 500L);
        }
        long before = meter.bytesPerSecond();
        clock.advance(Duration.ofMillis(3000));
        assertThat(meter.bytesPerSecond()).isLessThan(before);
        clock.advance(Duration.ofMillis(10_000));
        assertThat(meter.bytesPerSecond()).isZero();
    }

    @Test
    void etaIsWhatIsLeftAtTheRateRoundedUp() {
        assertThat(RateMeter.etaSeconds(1000, 10_000L, 1000L)).isEqualTo(9);
        assertThat(RateMeter.etaSeconds(1000, 10_001L, 1000L)).isEqualTo(10);
        assertThat(RateMeter.etaSeconds(1000, null, 1000L)).isNull();
        assertThat(RateMeter.etaSeconds(1000, 10_000L, null)).isNull();
        assertThat(RateMeter.etaSeconds(1000, 10_000L, 0L)).isNull();
    }
}
