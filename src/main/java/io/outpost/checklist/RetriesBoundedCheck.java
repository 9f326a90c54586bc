package io.outpost.checklist;

import io.outpost.config.RouteConfig;

/**
 * Retries must end: after {@code retry.max-attempts}, or when the message's TTL runs out. With
 * {@code max-attempts=-1} a message sent without {@code Outpost-TTL} is retried for ever, and holds its room
 * in the outbox as long.
 */
final class RetriesBoundedCheck implements Check.OfRoute {

    @Override
    public String id() {
        return "route-retries-bounded";
    }

    @Override
    public String title() {
        return "Retries bounded by attempts or TTL";
    }

    @Override
    public Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts) {
        int max = route.retry().maxAttempts();
        if (max >= 1) {
            return Verdict.ok("a message goes dead after " + Text.count(max, "attempt"));
        }
        if (seen.withoutTtl() > 0) {
            return Verdict.warn(Text.count(seen.withoutTtl(), "waiting message") + " without a TTL, and "
                    + "outpost.routes." + name + ".retry.max-attempts=-1: they are retried for ever. Set "
                    + "max-attempts, or send Outpost-TTL with every message");
        }
        return Verdict.ok("retried until each message's TTL (max-attempts=-1); every waiting message has one");
    }
}
