package io.outpost.checklist;

import java.time.Duration;

import io.outpost.config.RouteConfig;

/**
 * Retries that come back too soon keep a struggling upstream down, and a fleet of devices whose backoff
 * tops out at a few seconds retries in step for as long as an outage lasts.
 */
final class BackoffCheck implements Check.OfRoute {

    static final Duration MIN_INITIAL = Duration.ofMillis(100);
    static final Duration MIN_MAX = Duration.ofSeconds(5);

    @Override
    public String id() {
        return "route-backoff";
    }

    @Override
    public String title() {
        return "Retries back off";
    }

    @Override
    public Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts) {
        RouteConfig.Retry retry = route.retry();
        String key = "outpost.routes." + name + ".retry.";
        if (retry.initialDelay().compareTo(MIN_INITIAL) < 0) {
            return Verdict.warn(key + "initial-delay=" + Text.duration(retry.initialDelay()) + " is under "
                    + Text.duration(MIN_INITIAL) + ": a failing upstream gets the retries before it could recover");
        }
        if (retry.maxDelay().compareTo(MIN_MAX) < 0) {
            return Verdict.warn(key + "max-delay=" + Text.duration(retry.maxDelay()) + " is under "
                    + Text.duration(MIN_MAX) + ": during an outage every message is retried that often");
        }
        return Verdict.ok("exponential with full jitter from " + Text.duration(retry.initialDelay()) + " up to "
                + Text.duration(retry.maxDelay()));
    }
}
