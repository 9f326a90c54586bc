package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsoDurationTest {

    private static final ZonedDateTime FROM = ZonedDateTime.parse("2026-01-31T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
            "PT30M, 1800", "pt5s, 5", "P1D, 86400", "P1DT2H, 93600", "P1W, 604800", "P2W3D, 1468800",
            // from 31 January: one month ends on 28 February, a year of 365 days (2026 is no leap year)
            "P1M, 2419200", "P1Y, 31536000", "P1M1DT1H, 2509200" })
    void calendarAndClockPartsAdd(String text, long seconds) {
        assertThat(IsoDuration.parse(text, FROM)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = { "banana", "P", "PT", "1W", "P1H", "PT1D", "P1.5W" })
    void otherTextIsRefused(String text) {
        assertThatThrownBy(() -> IsoDuration.parse(text, FROM)).isInstanceOf(DateTimeParseException.class);
    }
}
