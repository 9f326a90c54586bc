package io.outpost.delivery;

/**
 * How many claimed messages a lane keeps ready beyond those in flight: enough to cover a claim's round trip
 * at the rate the upstream answers (Little's law), twice for slack, at most {@link #MAX_PER_SLOT} per slot.
 * A fast upstream then never waits for a claim, and a slow one gets next to none: a claimed message reads
 * "delivering" and cannot be cancelled, which should mean it is on its way, not waiting in the lane. Both
 * times are moving averages; until answers show otherwise the upstream counts as slow (one second). Pure,
 * fed durations in nanoseconds; used on the lane's context only.
 */
final class Prefetch {

    static final int MAX_PER_SLOT = 8;
    private static final double WEIGHT = 0.2;

    private double answerNanos = 1e9;
    private double claimNanos = 1e6;

    /** An answer came (or the attempt failed) this long after its request went out. */
    void answered(long nanos) {
        answerNanos += WEIGHT * (Math.max(1, nanos) - answerNanos);
    }

    /** A claim took this long, from asking the store to holding the messages. */
    void claimed(long nanos) {
        claimNanos += WEIGHT * (Math.max(1, nanos) - claimNanos);
    }

    /**
     * How many messages to claim now: what the lane has room for, else one when a message queued since the
     * last claim outranks a ready one ({@code overtakes}: claimed into a full lane, so that an urgent message
     * joins the ready ones ahead of them, at most {@link #MAX_PER_SLOT} per slot held). Nothing while the
     * ready ones are above half the buffer: a claim of a few is not worth its round trip.
     */
    static int wanted(int slots, int buffer, int inFlight, int ready, boolean overtakes) {
        boolean urgent = overtakes && ready < slots * MAX_PER_SLOT;
        if (ready > buffer / 2 && !urgent) {
            return 0;
        }
        int room = slots + buffer - inFlight - ready;
        return room > 0 ? room : urgent ? 1 : 0;
    }

    /** Messages to keep ready with {@code slots} requests allowed in flight. */
    int buffer(int slots) {
        if (slots <= 0) {
            return 0;
        }
        double perSlot = 2 * claimNanos / answerNanos;
        return (int) Math.min((long) slots * MAX_PER_SLOT, Math.ceil(slots * perSlot));
    }
}
