package io.outpost.delivery;

import io.outpost.outbox.MessageStatus;

/**
 * How many requests a lane may have in flight: additive increase, multiplicative decrease. Each success
 * adds one (so the window doubles every round trip from one after a reconnect, a slow start), each
 * "slow down" from the upstream (429, 503) halves it. Pure.
 */
final class Window {

    private Window() {
    }

    static int next(int window, int max, AttemptResult result) {
        if (result.status() == MessageStatus.DELIVERED) {
            return Math.min(max, window + 1);
        }
        Integer status = result.httpStatus();
        if (result.attempted() && status != null && (status == 429 || status == 503)) {
            return Math.max(1, window / 2);
        }
        return window;
    }
}
