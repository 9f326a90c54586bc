package io.outpost.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header (RFC 9110 10.2.3): delay-seconds or an HTTP-date in any of the three
 * formats a recipient must accept (RFC 9110 5.6.7): IMF-fixdate, RFC 850 and asctime.
 */
public final class RetryAfter {

    /** A day: longer hints are taken as a day, so a broken upstream cannot park messages for years. */
    static final Duration LONGEST = Duration.ofDays(1);

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        Duration delay;
        // delay-seconds is 1*DIGIT, ASCII only (Character.isDigit would also take other scripts' digits)
        if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            String digits = v.replaceFirst("^0+(?=.)", "");
            delay = digits.length() > 9 ? LONGEST : Duration.ofSeconds(Long.parseLong(digits));
        } else {
            Optional<Instant> at = HttpDate.parse(v);
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
}
