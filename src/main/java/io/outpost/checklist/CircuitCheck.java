package io.outpost.checklist;

import java.time.Duration;

import io.outpost.config.RouteConfig;

/** A circuit that opens means the upstream failed most requests: it is down, or overloaded by this route. */
final class CircuitCheck implements Check.OfRoute {

    static final Duration RECENT = Duration.ofHours(1);

    @Override
    public String id() {
        return "route-circuit";
    }

    @Override
    public String title() {
        return "Circuit breaker closed, not opened in the last hour";
    }

    @Override
    public Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts) {
        String opened = seen.circuitOpenedAt() == null ? "" : ", opened at " + Text.at(seen.circuitOpenedAt(),
                facts.now());
        if (seen.circuit().equals("open")) {
            return Verdict.fail("the circuit is open" + opened + ": nothing is sent to the upstream until a probe "
                    + "after circuit-breaker.delay succeeds; see lastError in GET /v1/messages?route=" + name);
        }
        if (seen.circuit().equals("half-open")) {
            return Verdict.warn("the circuit is half-open" + opened + ": a probe request decides whether it closes");
        }
        if (seen.circuitOpenedAt() != null && seen.circuitOpenedAt().isAfter(facts.now().minus(RECENT))) {
            return Verdict.warn("the circuit is closed again, but opened at " + Text.at(seen.circuitOpenedAt(),
                    facts.now()) + ": the upstream failed most requests then");
        }
        return Verdict.ok("closed; not opened in the last " + Text.duration(RECENT));
    }
}
