package io.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteBudgetConverterTest {

    private final ByteBudgetConverter converter = new ByteBudgetConverter();

    @ParameterizedTest
    @CsvSource({ "100MiB/1d,104857600,86400", "500MB/30d,500000000,2592000", "2G/1h,2147483648,3600",
            "4096/1m,4096,60", "10KiB/d,10240,86400", "' 3 KB / 12h ',3000,43200", "1B/1s,1,1", "1TiB/7d,1099511627776,604800" })
    void parsesBudgets(String text, long bytes, long seconds) {
        ByteBudget budget = converter.convert(text);
        assertThat(budget.bytes()).isEqualTo(bytes);
        assertThat(budget.period()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = { "ten/1d", "-5MiB/1d", "100MiB", "100MiB/", "/1d", "0MiB/1d", "100Mb/1d", "100mib/1d",
            "100XB/1d", "1.5GiB/1d", "100MiB/banana", "100MiB/0s", "100MiB/-1d", "100MiB/500ms", "100MiB/1d/2",
            "99999999999999999999/1d", "9999999TiB/1d" })
    void rejectsWhatIsNotABudget(String text) {
        assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.trim());
    }
}
