package io.outpost.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * A byte count written as the contract writes it ({@code 1MiB}, {@code 512KiB}) or as Quarkus does
 * ({@code 1M}, {@code 512K}, {@code 65536}): powers of 1024 either way. Anything else fails the configuration
 * with the key named, as every bad value does.
 */
public class IecSizeConverter implements Converter<Long> {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([KMG]?)(?:i?B)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a size such as 1MiB, 512KiB or 65536");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            case "G" -> n << 30;
            default -> n;
        };
    }
}
