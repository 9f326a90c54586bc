package io.outpost.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @ParameterizedTest
    @CsvSource({ "0,0", "1,1", "120,120", "' 30 ',30", "86400,86400" })
    void readsDelaySeconds(String value, long seconds) {
        assertThat(RetryAfter.parse(value, NOW)).contains(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = { "86401", "604800", "999999999", "1000000000", "99999999999999999999999" })
    void capsDelaySecondsAboveADayAtOneDay(String value) {
        assertThat(RetryAfter.parse(value, NOW)).contains(Duration.ofDays(1));
    }

    /** Found by RetryAfterFuzzTest: a lone control character used to reach Long.parseLong(""). */
    @ParameterizedTest
    @ValueSource(strings = { "\u0000", "\u0001 ", "\u0663\u0662", "\uff11\uff12" })
    void controlCharactersAndNonAsciiDigitsAreNoDelay(String value) {
        assertThat(RetryAfter.parse(value, Instant.EPOCH)).isEmpty();
    }

    @Test
    void readsAnHttpDateRelativeToNow() {
        assertThat(RetryAfter.parse("Thu, 26 Nov 2026 12:00:05 GMT", NOW)).contains(Duration.ofSeconds(5));
        assertThat(RetryAfter.parse("Fri, 27 Nov 2026 11:00:00 GMT", NOW)).contains(Duration.ofHours(23));
    }

    @Test
    void anHttpDateIsMeasuredFromTheGivenNowNotTheWallClock() {
        Instant earlier = NOW.minusSeconds(60);

        assertThat(RetryAfter.parse("Thu, 26 Nov 2026 12:00:05 GMT", earlier)).contains(Duration.ofSeconds(65));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Thu, 26 Nov 2026 12:00:00 GMT", "Thu, 26 Nov 2026 11:59:59 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT" })
    void anHttpDateNowOrInThePastMeansRetryAtOnce(String value) {
        assertThat(RetryAfter.parse(value, NOW)).contains(Duration.ZERO);
    }

    @Test
    void capsAnHttpDateMoreThanADayAwayAtOneDay() {
        assertThat(RetryAfter.parse("Fri, 27 Nov 2026 12:00:01 GMT", NOW)).contains(Duration.ofDays(1));
        assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW)).contains(Duration.ofDays(1));
    }

    @ParameterizedTest
    @ValueSource(strings = { "soon", "-5", "+5", "1.5", "5s", "0x10", "PT5S", "2026-11-26T12:00:05Z",
            "Thu, 32 Nov 2026 12:00:05 GMT", "Thu, 26 Nov 2026 25:00:05 GMT", "Thu, 26 Nov 2026" })
    void ignoresGarbage(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " ", "\t", " \r\n " })
    void ignoresMissingOrBlankValues(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isEmpty();
    }

    @Test
    void rejectsAnHttpDateWhoseWeekdayContradictsTheDate() {
        assertThat(RetryAfter.parse("Wed, 26 Nov 2026 12:00:05 GMT", NOW)).isEmpty();
    }

    @Test
    void leadingZerosDoNotChangeTheDelay() {
        assertThat(RetryAfter.parse("0000000005", NOW)).contains(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Thursday, 26-Nov-26 12:00:05 GMT", "Thu Nov 26 12:00:05 2026" })
    void acceptsTheObsoleteHttpDateFormats(String value) {
        assertThat(RetryAfter.parse(value, NOW)).contains(Duration.ofSeconds(5));
    }
}
