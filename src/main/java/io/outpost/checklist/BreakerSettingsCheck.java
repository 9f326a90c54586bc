package io.outpost.checklist;

import java.time.Duration;

import io.outpost.config.RouteConfig;

/**
 * A breaker that opens on a couple of failures stops a route for every blip; one that needs nearly all
 * requests to fail never protects anything; one that waits very long keeps a recovered upstream idle, one
 * that waits under a second hammers a down one with probes.
 */
final class BreakerSettingsCheck implements Check.OfRoute {

    static final int MIN_VOLUME = 5;
    static final double MIN_RATIO = 0.2;
    static final double MAX_RATIO = 0.9;
    static final Duration MIN_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(10);

    @Override
    public String id() {
        return "route-circuit-breaker";
    }

    @Override
    public String title() {
        return "Circuit breaker settings sane";
    }

    @Override
    public Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts) {
        RouteConfig.CircuitBreaker cb = route.circuitBreaker();
        String key = "outpost.routes." + name + ".circuit-breaker.";
        if (cb.requestVolume() < MIN_VOLUME) {
            return Verdict.warn(key + "request-volume=" + cb.requestVolume() + ": a window that small opens the "
                    + "circuit on a chance failure or two; use at least " + MIN_VOLUME);
        }
        if (cb.failureRatio() < MIN_RATIO || cb.failureRatio() > MAX_RATIO) {
            return Verdict.warn(key + "failure-ratio=" + cb.failureRatio() + (cb.failureRatio() < MIN_RATIO
                    ? ": the circuit opens while most requests succeed" : ": the circuit stays closed while "
                            + "nearly every request fails") + "; keep it between " + MIN_RATIO + " and " + MAX_RATIO);
        }
        if (cb.delay().compareTo(MIN_DELAY) < 0 || cb.delay().compareTo(MAX_DELAY) > 0) {
            return Verdict.warn(key + "delay=" + Text.duration(cb.delay()) + (cb.delay().compareTo(MIN_DELAY) < 0
                    ? ": a down upstream gets a probe request that often" : ": a recovered upstream waits that long "
                            + "for traffic") + "; keep it between " + Text.duration(MIN_DELAY) + " and "
                    + Text.duration(MAX_DELAY));
        }
        return Verdict.ok("opens at " + Math.round(cb.failureRatio() * 100) + "% failures of the last "
                + cb.requestVolume() + " requests, probes again after " + Text.duration(cb.delay()));
    }
}
