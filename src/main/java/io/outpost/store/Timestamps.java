package io.outpost.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants as the reactive PostgreSQL client binds {@code timestamptz} parameters. */
public final class Timestamps {

    private Timestamps() {
    }

    /** {@code t} at UTC, or null for null. */
    public static OffsetDateTime utc(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
