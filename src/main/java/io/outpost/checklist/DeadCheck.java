package io.outpost.checklist;

import io.outpost.config.RouteConfig;

/** A dead message was refused by the upstream or ran out of attempts: someone must decide what to do. */
final class DeadCheck implements Check.OfRoute {

    @Override
    public String id() {
        return "route-dead";
    }

    @Override
    public String title() {
        return "No dead messages waiting";
    }

    @Override
    public Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts) {
        if (seen.dead() > 0) {
            return Verdict.warn(Text.count(seen.dead(), "dead message") + ": read why in GET /v1/messages?route="
                    + name + "&status=dead, then retry (POST /v1/messages/{id}/retry) or cancel them");
        }
        return Verdict.ok("no dead message");
    }
}
