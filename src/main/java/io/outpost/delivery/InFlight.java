package io.outpost.delivery;

import java.util.Arrays;

/**
 * The priorities of a lane's requests in flight, so that a less urgent message is not sent while a more urgent
 * one is still on its way: the upstream then receives a route's messages in priority order even over several
 * connections (a request sent later on an idle connection can arrive before one that waits for a new
 * connection). The cost is one round trip at each step down in priority; within one priority the lane's
 * concurrency is untouched. Pure; used on the lane's context only.
 */
final class InFlight {

    private static final int LEVELS = 10;
    private final int[] counts = new int[LEVELS];
    private int size;

    int size() {
        return size;
    }

    /** Whether a message of {@code priority} may go now: none more urgent is in flight. */
    boolean mayStart(int priority) {
        for (int p = 0; p < Math.min(priority, LEVELS); p++) {
            if (counts[p] > 0) {
                return false;
            }
        }
        return true;
    }

    void started(int priority) {
        counts[level(priority)]++;
        size++;
    }

    void ended(int priority) {
        counts[level(priority)]--;
        size--;
    }

    /** Everything in flight was cancelled (at the stop bound): their answers, if any, are not counted. */
    void clear() {
        Arrays.fill(counts, 0);
        size = 0;
    }

    private static int level(int priority) {
        return Math.max(0, Math.min(LEVELS - 1, priority));
    }
}
