package io.outpost.transfer;

/** Where a transfer is: queued -> running -> completed | failed, paused while its route is unreachable. */
public enum TransferState {
    QUEUED, RUNNING, PAUSED, COMPLETED, FAILED;

    public String wire() {
        return name().toLowerCase();
    }

    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }

    static TransferState fromWire(String s) {
        return valueOf(s.toUpperCase());
    }
}
