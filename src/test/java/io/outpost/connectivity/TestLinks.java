package io.outpost.connectivity;

import java.time.Clock;

/** Link monitors for unit tests outside CDI. */
public final class TestLinks {

    private TestLinks() {
    }

    public static LinkMonitor reachable(Clock clock) {
        return new LinkMonitor(clock);
    }

    public static LinkMonitor unreachable(Clock clock) {
        return new LinkMonitor(clock) {
            @Override
            public boolean reachable(String route) {
                return false;
            }
        };
    }
}
