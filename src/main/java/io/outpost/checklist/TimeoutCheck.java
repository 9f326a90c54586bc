package io.outpost.checklist;

import java.time.Duration;

import io.outpost.config.RouteConfig;

/**
 * A request that may take longer than the message has to live cannot deliver it, and a very long timeout
 * holds one of the route's few concurrent places while the upstream hangs. The shortest TTL of a message
 * waiting for the route is the one the agent knows (a TTL is per message, there is no default).
 */
final class TimeoutCheck implements Check.OfRoute {

    static final Duration LONG = Duration.ofSeconds(60);

    @Override
    public String id() {
        return "route-timeout";
    }

    @Override
    public String title() {
        return "Timeouts set, and shorter than the messages' TTL";
    }

    @Override
    public Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts) {
        String key = "outpost.routes." + name + ".timeout";
        String timeout = key + "=" + Text.duration(route.timeout())
                + (facts.sources().origin(key) == KeySources.Origin.UNSET ? " (the default)" : "");
        if (seen.shortestTtl() != null && route.timeout().compareTo(seen.shortestTtl()) >= 0) {
            return Verdict.fail(timeout + " is not shorter than the TTL of a waiting message ("
                    + Text.duration(seen.shortestTtl()) + "): one slow attempt outlives the message. Lower the "
                    + "timeout or give the messages a longer Outpost-TTL");
        }
        if (route.timeout().compareTo(LONG) > 0) {
            return Verdict.warn(timeout + " is over " + Text.duration(LONG) + ": a hung upstream holds each of "
                    + "the route's " + route.concurrency() + " places that long before the retry");
        }
        return Verdict.ok(timeout + (seen.shortestTtl() == null ? "; no waiting message has a TTL"
                : ", shorter than the shortest TTL waiting (" + Text.duration(seen.shortestTtl()) + ")"));
    }
}
