package io.outpost.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.outpost.testing.ManualClock;

class ChangeHorizonTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void withNothingOpenTheHorizonIsTheTop() {
        ChangeHorizon h = new ChangeHorizon(clock, 0);
        assertThat(h.observe(Set.of(), 10)).isEqualTo(10);
        assertThat(h.observe(Set.of(), 12)).isEqualTo(12);
    }

    @Test
    void aTransactionFirstSeenOpenHoldsAtThePreviousReadsTop() {
        ChangeHorizon h = new ChangeHorizon(clock, 0);
        assertThat(h.observe(Set.of(), 10)).isEqualTo(10);
        assertThat(h.observe(Set.of(100L), 15)).as("100 numbers above 10 only").isEqualTo(10);
        assertThat(h.observe(Set.of(100L, 101L), 20)).as("101 holds at 15, 100 still at 10").isEqualTo(10);
        assertThat(h.observe(Set.of(101L), 22)).isEqualTo(15);
        assertThat(h.observe(Set.of(), 22)).isEqualTo(22);
    }

    @Test
    void aResumedReaderHoldsOpenTransactionsAtItsStart() {
        ChangeHorizon h = new ChangeHorizon(clock, 7);
        assertThat(h.observe(Set.of(5L), 30)).isEqualTo(7);
        assertThat(h.observe(Set.of(), 30)).isEqualTo(30);
    }

    @Test
    void aTransactionOpenPastTheSettleTimeStopsHolding() {
        ChangeHorizon h = new ChangeHorizon(clock, 0);
        h.observe(Set.of(), 10);
        assertThat(h.observe(Set.of(100L), 15)).isEqualTo(10);
        clock.advance(ChangeHorizon.SETTLE.minus(Duration.ofSeconds(1)));
        assertThat(h.observe(Set.of(100L), 40)).isEqualTo(10);
        clock.advance(Duration.ofSeconds(2));
        assertThat(h.observe(Set.of(100L), 41)).as("given up on, and not taken for a new one").isEqualTo(41);
        assertThat(h.observe(Set.of(100L, 200L), 45)).isEqualTo(41);
    }
}
