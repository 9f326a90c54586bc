package io.outpost.checklist;

import java.time.Duration;

/** Without idle checks a route nothing is sent to is never looked at: {@code /v1/network} can be wrong about it. */
final class IdleProbeCheck implements Check.OfAgent {

    @Override
    public String id() {
        return "idle-checks";
    }

    @Override
    public String title() {
        return "Routes without traffic still checked";
    }

    @Override
    public Verdict judge(Facts facts) {
        Duration interval = facts.config().connectivity().idleCheckInterval();
        if (interval.isZero()) {
            return Verdict.warn("outpost.connectivity.idle-check-interval=0: a route is judged by its traffic only, "
                    + "so one nothing was sent to shows reachable however it is; use the default 60s");
        }
        return Verdict.ok("a route without traffic is probed every " + Text.duration(interval));
    }
}
