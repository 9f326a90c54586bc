package io.outpost.checklist;

import java.time.Duration;

import io.outpost.config.RouteConfig;

/**
 * An upstream that answers 429 wants fewer requests. The agent honours Retry-After, but a client-side rate
 * limit below the upstream's makes the requests wait here instead of being refused and retried.
 */
final class RateLimitCheck implements Check.OfRoute {

    static final Duration RECENT = Duration.ofHours(1);

    @Override
    public String id() {
        return "route-rate-limit";
    }

    @Override
    public String title() {
        return "A rate limit where the upstream answers 429";
    }

    @Override
    public Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts) {
        boolean recent = seen.last429At() != null && seen.last429At().isAfter(facts.now().minus(RECENT));
        String limit = route.rateLimit().map(r -> "rate-limit=" + r.permits() + "/" + Text.duration(r.period()))
                .orElse(null);
        if (recent && limit == null) {
            return Verdict.fail("the upstream answered 429 Too Many Requests at " + Text.at(seen.last429At(),
                    facts.now()) + " and no outpost.routes." + name + ".rate-limit is set: set one below the "
                    + "upstream's limit");
        }
        if (recent) {
            return Verdict.warn("the upstream answered 429 at " + Text.at(seen.last429At(), facts.now())
                    + " despite " + limit + ": lower it below the upstream's limit");
        }
        return Verdict.ok((limit == null ? "no rate limit set" : limit) + "; no 429 from the upstream in the last "
                + Text.duration(RECENT));
    }
}
