package io.outpost.api;

import java.time.Duration;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * ISO-8601 durations as clients write them, with years, months and weeks too ({@code P1Y}, {@code P2M},
 * {@code P1W}, {@code P1M2DT3H}), which {@link Duration#parse} refuses. Years and months have no fixed
 * length, so they count from {@code from} on the calendar (UTC). Pure.
 */
final class IsoDuration {

    private IsoDuration() {
    }

    /** @throws DateTimeParseException when {@code text} is not an ISO-8601 duration */
    static Duration parse(String text, ZonedDateTime from) {
        String v = text.toUpperCase(Locale.ROOT);
        int t = v.indexOf('T');
        String date = t < 0 ? v : v.substring(0, t);
        if (date.length() <= 1 || date.matches("[-+]?P[-+]?\\d+D")) {
            return Duration.parse(v); // no calendar part, or days only: Duration handles it
        }
        Period period = Period.parse(date);
        Duration time = t < 0 ? Duration.ZERO : Duration.parse("PT" + v.substring(t + 1));
        return Duration.between(from, from.plus(period)).plus(time);
    }
}
