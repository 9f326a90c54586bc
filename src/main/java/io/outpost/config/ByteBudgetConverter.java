package io.outpost.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.spi.Converter;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * Parses {@code 100MiB/1d}, {@code 500KB/12h}, {@code 2G/30d}: a whole size with a unit, a slash, a period.
 * Units: {@code B}; binary {@code KiB MiB GiB TiB} (and {@code K M G T}, as Quarkus' memory sizes read them);
 * decimal {@code KB MB GB TB}, as carriers often bill. Any other unit, a fraction or a sign is refused, so a typo
 * ({@code ten/1d}, {@code 100Mb/1d}, {@code 100mib/1d}) stops start-up instead of meaning something else.
 */
public class ByteBudgetConverter implements Converter<ByteBudget> {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d{1,19})\\s*([A-Za-z]*)\\s*/\\s*(\\S+)\\s*");
    private static final long KI = 1024;
    private static final Map<String, Long> UNITS = Map.ofEntries(Map.entry("", 1L), Map.entry("B", 1L),
            Map.entry("K", KI), Map.entry("KiB", KI), Map.entry("M", KI * KI), Map.entry("MiB", KI * KI),
            Map.entry("G", KI * KI * KI), Map.entry("GiB", KI * KI * KI), Map.entry("T", KI * KI * KI * KI),
            Map.entry("TiB", KI * KI * KI * KI), Map.entry("KB", 1_000L), Map.entry("MB", 1_000_000L),
            Map.entry("GB", 1_000_000_000L), Map.entry("TB", 1_000_000_000_000L));

    @Override
    public ByteBudget convert(String value) {
        Matcher m = FORMAT.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value
                    + "' is not a budget; expected <size>/<period> such as 100MiB/1d or 500MB/30d");
        }
        Long unit = UNITS.get(m.group(2));
        if (unit == null) {
            // units are matched exactly: 'Mb' is megabits to some and megabytes to others, so it is refused
            throw new IllegalArgumentException("'" + value + "' has an unknown size unit '" + m.group(2)
                    + "'; use B, KiB, MiB, GiB, TiB (or K, M, G, T) or KB, MB, GB, TB");
        }
        BigInteger bytes = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(unit));
        if (bytes.signum() == 0 || bytes.bitLength() > 62) {
            throw new IllegalArgumentException("'" + value + "' must allow 1 byte to 4 EiB");
        }
        return new ByteBudget(bytes.longValue(), period(value, m.group(3)));
    }

    private static Duration period(String value, String text) {
        String period = Character.isLetter(text.charAt(0)) ? "1" + text : text;
        Duration duration;
        try {
            duration = DurationConverter.parseDuration(period);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + value + "' has no valid period; use e.g. 1h, 1d, 30d", e);
        }
        if (duration == null || duration.isNegative() || duration.toSeconds() < 1) {
            throw new IllegalArgumentException("'" + value + "' needs a period of at least 1s");
        }
        return duration;
    }
}
