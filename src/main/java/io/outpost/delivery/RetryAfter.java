package io.outpost.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header (RFC 9110 10.2.3): delay-seconds or an HTTP-date in any of the three
 * formats a recipient must accept (RFC 9110 5.6.7): IMF-fixdate, RFC 850 and asctime.
 */
public final class RetryAfter {

    /** A day: longer hints are taken as a day, so a broken upstream cannot park messages for years. */
    static final Duration LONGEST = Duration.ofDays(1);

    /** RFC 850 years have two digits: read them in the 100 years up to 2069, the window RFC 9110 allows. */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-").appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss zzz").toFormatter(Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
            .withZone(java.time.ZoneOffset.UTC);
    private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME);

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        Duration delay;
        if (v.chars().allMatch(Character::isDigit)) {
            String digits = v.replaceFirst("^0+(?=.)", "");
            delay = digits.length() > 9 ? LONGEST : Duration.ofSeconds(Long.parseLong(digits));
        } else {
            Optional<Instant> at = date(v);
            if (at.isEmpty()) {
                return Optional.empty();
            }
            delay = Duration.between(now, at.get());
        }
        if (delay.isNegative()) {
            return Optional.of(Duration.ZERO);
        }
        return Optional.of(delay.compareTo(LONGEST) > 0 ? LONGEST : delay);
    }

    private static Optional<Instant> date(String value) {
        for (DateTimeFormatter format : DATES) {
            try {
                return Optional.of(ZonedDateTime.parse(value, format).toInstant());
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return Optional.empty();
    }
}
