package io.outpost.outbox;

import java.util.Locale;

/** Lifecycle of an outbox message; the lower-case name is what the store and the API use. */
public enum MessageStatus {
    QUEUED,
    DELIVERING,
    DELIVERED,
    DEAD,
    EXPIRED,
    CANCELLED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

    /** Whether the message still has its body and counts against the outbox limits. */
    public boolean held() {
        return this == QUEUED || this == DELIVERING || this == DEAD || this == EXPIRED;
    }

    public static MessageStatus fromWire(String value) {
        for (MessageStatus s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status '" + value + "'");
    }
}
