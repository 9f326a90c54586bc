package io.outpost.checklist;

import java.util.Locale;

/** How a check came out; later constants are worse. */
public enum Status {
    OK,
    WARN,
    FAIL;

    /** The name in the API. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Status worst(Status a, Status b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
