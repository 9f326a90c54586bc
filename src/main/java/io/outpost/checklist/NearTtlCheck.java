package io.outpost.checklist;

import io.outpost.config.RouteConfig;

/** A message that has used most of its TTL undelivered is about to expire: its data will be lost. */
final class NearTtlCheck implements Check.OfRoute {

    @Override
    public String id() {
        return "route-ttl";
    }

    @Override
    public String title() {
        return "No messages near their TTL";
    }

    @Override
    public Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts) {
        if (seen.nearTtl() > 0) {
            return Verdict.warn(Text.count(seen.nearTtl(), "waiting message") + " with less than a fifth of "
                    + "the TTL left: they expire undelivered unless the route delivers soon");
        }
        return Verdict.ok(seen.waiting() == 0 ? "no message waiting" : Text.count(seen.waiting(), "waiting message")
                + ", none with less than a fifth of its TTL left");
    }
}
