package io.outpost.upstream;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP-dates (RFC 9110 5.6.7): sent as IMF-fixdate, read in any of the three formats a recipient must
 * accept (old servers and proxies still send the other two), and nothing else. The grammar is followed to
 * the character: one space where it has one, two digits where it has two, {@code GMT} and no other zone.
 * A value that does not match is invalid, which for {@code Expires} means already expired (RFC 9111 5.3);
 * Java's RFC 1123 parser is not used because it accepts one-digit hours and days and other zones.
 * Names are matched without regard to case, as browsers do. The weekday must agree with the date in the
 * two formats that name it in full or abbreviated with a comma; in asctime it is not checked, since
 * {@code asctime()} prints whatever weekday the caller's {@code struct tm} holds, and programs filling one
 * by hand often leave it wrong.
 */
public final class HttpDate {

    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final List<String> LONG_DAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec");
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDate() {
    }

    public static Optional<Instant> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            int comma = v.indexOf(',');
            if (comma == 3) { // Sun, 06 Nov 1994 08:49:37 GMT
                boolean shape = v.length() == 29 && v.charAt(4) == ' ' && v.charAt(7) == ' ' && v.charAt(11) == ' '
                        && v.charAt(16) == ' ' && v.endsWith(" gmt");
                return shape ? at(number(v, 12, 4), month(v, 8), number(v, 5, 2), v, 17,
                        DAYS.indexOf(v.substring(0, 3))) : Optional.empty();
            }
            if (comma > 3) { // Sunday, 06-Nov-94 08:49:37 GMT
                int d = comma + 2;
                boolean shape = v.length() == d + 22 && v.charAt(comma + 1) == ' ' && v.charAt(d + 2) == '-'
                        && v.charAt(d + 6) == '-' && v.charAt(d + 9) == ' ' && v.endsWith(" gmt");
                return shape ? at(twoDigitYear(number(v, d + 7, 2)), month(v, d + 3), number(v, d, 2), v, d + 10,
                        LONG_DAYS.indexOf(v.substring(0, comma))) : Optional.empty();
            }
            // Sun Nov  6 08:49:37 1994
            boolean shape = v.length() == 24 && v.charAt(3) == ' ' && v.charAt(7) == ' ' && v.charAt(10) == ' '
                    && v.charAt(19) == ' ' && DAYS.contains(v.substring(0, 3));
            if (!shape) {
                return Optional.empty();
            }
            int day = v.charAt(8) == ' ' ? number(v, 9, 1) : number(v, 8, 2);
            return at(number(v, 20, 4), month(v, 4), day, v, 11, -2);
        } catch (DateTimeException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** {@code weekday}: 0 for Monday on, -1 for a name that is none, -2 for one not to check. */
    private static Optional<Instant> at(int year, int month, int day, String v, int time, int weekday) {
        if (v.charAt(time + 2) != ':' || v.charAt(time + 5) != ':') {
            return Optional.empty();
        }
        int second = number(v, time + 6, 2);
        // a leap second (60) is allowed by the grammar; it is read as the last second of its minute
        LocalDateTime t = LocalDateTime.of(year, month, day, number(v, time, 2), number(v, time + 3, 2),
                second == 60 ? 59 : second);
        if (weekday == -1) {
            throw new DateTimeException("no weekday");
        }
        if (weekday >= 0 && t.getDayOfWeek() != DayOfWeek.of(weekday + 1)) {
            return Optional.empty();
        }
        return Optional.of(t.toInstant(ZoneOffset.UTC));
    }

    private static int month(String v, int at) {
        int m = MONTHS.indexOf(v.substring(at, at + 3));
        if (m < 0) {
            throw new DateTimeException("no month");
        }
        return m + 1;
    }

    /** RFC 850 years have two digits: read in the 100 years from 1970, RFC 9110's 50-year rule for today. */
    private static int twoDigitYear(int yy) {
        return yy < 70 ? 2000 + yy : 1900 + yy;
    }

    /** Exactly {@code digits} ASCII digits at {@code at}. */
    private static int number(String v, int at, int digits) {
        int n = 0;
        for (int i = at; i < at + digits; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("not a digit");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
