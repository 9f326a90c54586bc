package io.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitConverterTest {

    private final RateLimitConverter converter = new RateLimitConverter();

    @ParameterizedTest
    @CsvSource({ "50/1s,50,1000", "600/1m,600,60000", "5/s,5,1000", "10/500ms,10,500", "' 7 / 2s ',7,2000" })
    void parsesRates(String text, int permits, long periodMillis) {
        RateLimit rate = converter.convert(text);
        assertThat(rate.permits()).isEqualTo(permits);
        assertThat(rate.period()).isEqualTo(Duration.ofMillis(periodMillis));
    }

    @ParameterizedTest
    @ValueSource(strings = { "50", "fast", "50/", "/1s", "0/1s", "-5/1s", "5/0s", "5/banana", "5/1s/2" })
    void rejectsMalformedRates(String text) {
        assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
