package io.outpost.checklist;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How durations and instants read in an item's detail: as configuration spells them. */
final class Text {

    private Text() {
    }

    /** {@code 500ms}, {@code 10s}, {@code 1.5s}, {@code 5m}, {@code 2h}, {@code 3d}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000 || ms % 1000 != 0 && ms < 60_000) {
            return ms < 1000 ? ms + "ms" : ms / 1000.0 + "s";
        }
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** {@code 2026-12-07T10:00:00Z (3m ago)}. */
    static String at(Instant at, Instant now) {
        Duration ago = Duration.between(at, now);
        return at.truncatedTo(ChronoUnit.SECONDS) + " (" + duration(ago.isNegative() ? Duration.ZERO
                : ago.truncatedTo(ChronoUnit.SECONDS)) + " ago)";
    }

    /** {@code 512 B}, {@code 80 KiB}, {@code 1.5 MiB}: IEC units, as the budget keys spell them. */
    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v))
                + " " + units[u];
    }

    /** {@code 1 message}, {@code 3 messages}. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
