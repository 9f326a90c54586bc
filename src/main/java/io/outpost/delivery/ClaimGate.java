package io.outpost.delivery;

/**
 * When a lane may ask the store for due messages: one claim at a time, and none after a short answer
 * (the store had no more) until something may have become due. A hint that arrives while a claim is out
 * counts against that claim's answer, which may have been read before the new work was committed.
 * Used on the lane's context only.
 */
final class ClaimGate {

    private boolean claiming;
    private boolean exhausted;
    private boolean nudged;

    /** Work may have become due: accepted, woken, retry time, circuit or link change. */
    void mayHaveWork() {
        exhausted = false;
        nudged = true;
    }

    /** Starts a claim if none is out and the store may hold more. */
    boolean tryStart() {
        if (claiming || exhausted) {
            return false;
        }
        claiming = true;
        nudged = false;
        return true;
    }

    /** The claim answered; {@code shortAnswer}: fewer than asked. True when the lane is now exhausted. */
    boolean answered(boolean shortAnswer) {
        claiming = false;
        exhausted = shortAnswer && !nudged;
        return exhausted;
    }

    /** The claim failed; the lane retries by its alarm. */
    void failed() {
        claiming = false;
    }
}
