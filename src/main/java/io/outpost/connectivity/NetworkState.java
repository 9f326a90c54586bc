package io.outpost.connectivity;

import java.util.Collection;
import java.util.Locale;

/** The agent's overall view: every route reachable, some not (or failing a lot), or none. */
public enum NetworkState {
    ONLINE,
    DEGRADED,
    OFFLINE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static NetworkState of(Collection<RouteLink> links, double degradedRatio) {
        if (links.isEmpty()) {
            return ONLINE;
        }
        long down = links.stream().filter(l -> !l.reachable()).count();
        if (down == links.size()) {
            return OFFLINE;
        }
        boolean failing = links.stream().anyMatch(l -> l.reachable() && l.failureRatio() > degradedRatio);
        return down > 0 || failing ? DEGRADED : ONLINE;
    }
}
