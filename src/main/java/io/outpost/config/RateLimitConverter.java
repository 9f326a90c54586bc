package io.outpost.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.spi.Converter;

import io.quarkus.runtime.configuration.DurationConverter;

/** Parses {@code 50/1s}, {@code 600/1m}, {@code 5/s}: permits, a slash, then a duration or a bare unit. */
public class RateLimitConverter implements Converter<RateLimit> {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\S+)\\s*");

    @Override
    public RateLimit convert(String value) {
        Matcher m = FORMAT.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not a rate; expected <permits>/<period> such as 50/1s or 600/1m");
        }
        String period = m.group(2);
        if (Character.isLetter(period.charAt(0))) {
            period = "1" + period;
        }
        Duration duration;
        try {
            duration = DurationConverter.parseDuration(period);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + value + "' has no valid period; use e.g. 1s, 500ms, 1m", e);
        }
        if (duration == null) {
            throw new IllegalArgumentException("'" + value + "' has no period");
        }
        return new RateLimit(Integer.parseInt(m.group(1)), duration);
    }
}
