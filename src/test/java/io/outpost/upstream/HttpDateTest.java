package io.outpost.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 5.6.7 HTTP-dates, read to the grammar: the three formats and nothing near them. */
class HttpDateTest {

    private static final Instant AUG_18_2050 = Instant.parse("2050-08-18T02:01:18Z");

    @ParameterizedTest
    @ValueSource(strings = { "Thu, 18 Aug 2050 02:01:18 GMT", "Thursday, 18-Aug-50 02:01:18 GMT",
            "Thu Aug 18 02:01:18 2050", "THU, 18 Aug 2050 02:01:18 GMT", "Thu, 18 AUG 2050 02:01:18 GMT",
            "Thu, 18 Aug 2050 02:01:18 gMT", " Thu, 18 Aug 2050 02:01:18 GMT " })
    void readsTheThreeFormatsWhateverTheCaseOfTheirNames(String value) {
        assertThat(HttpDate.parse(value)).contains(AUG_18_2050);
    }

    @Test
    void asctimePadsADayWithASpaceAndItsWeekdayIsNotChecked() {
        // Aug 8 2050 is a Monday: asctime() prints the weekday its caller's struct tm holds
        assertThat(HttpDate.parse("Thu Aug  8 02:01:18 2050")).contains(Instant.parse("2050-08-08T02:01:18Z"));
        assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994")).contains(Instant.parse("1994-11-06T08:49:37Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Thu, 18 Aug 2050 2:01:18 GMT", "Thu, 18 Aug 2050 02:01:18 UTC",
            "Thu, 18 Aug 2050 02:01:18 AEST", "Thu, 18 Aug 50 02:01:18 GMT", "Thu 18 Aug 2050 02:01:18 GMT",
            "Thu, 18  Aug  2050 02:01:18 GMT", "Thu, 18-Aug-2050 02:01:18 GMT", "Thu, 18 Aug 2050 02.01.18 GMT",
            "Thu, 8 Aug 2050 02:01:18 GMT", "Thu, 18 Aug 2050 02:01:18 +0000", "Thu, 18 Aug 2050 02:01:18",
            "Wed, 18 Aug 2050 02:01:18 GMT", "Thx, 18 Aug 2050 02:01:18 GMT", "Thu, 18 Agu 2050 02:01:18 GMT",
            "Thu, 31 Feb 2050 02:01:18 GMT", "Thu, 18 Aug 2050 24:01:18 GMT", "Thu, 18 Aug 2050 02:61:18 GMT",
            "Thu, 18 Aug 2050 02:01:61 GMT", "Wednesday, 18-Aug-50 02:01:18 GMT", "Thu, 18-Aug-50 02:01:18 GMT",
            "Thu Aug 18 2:01:18 2050", "Thu Aug 18 02:01:18 50", "Thu Aug 18 02:01:18 2050 GMT", "0", "-1", "",
            "2050-08-18T02:01:18Z", "Thu, 1８ Aug 2050 02:01:18 GMT" })
    void anythingElseIsInvalid(String value) {
        assertThat(HttpDate.parse(value)).isEmpty();
    }

    @Test
    void aLeapSecondIsTheLastSecondOfItsMinute() {
        assertThat(HttpDate.parse("Sat, 31 Dec 2016 23:59:60 GMT")).contains(Instant.parse("2016-12-31T23:59:59Z"));
    }

    @Test
    void formatsAsImfFixdate() {
        assertThat(HttpDate.format(AUG_18_2050)).isEqualTo("Thu, 18 Aug 2050 02:01:18 GMT");
        assertThat(HttpDate.parse(HttpDate.format(Instant.parse("1994-11-06T08:49:37Z"))))
                .contains(Instant.parse("1994-11-06T08:49:37Z"));
    }
}
