package io.outpost.connectivity;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether each route's upstream is reachable, from what its requests show. For now it only records the
 * passive signals and reports every route reachable; the active probes and the offline decision come
 * with the connectivity issue.
 */
@ApplicationScoped
public class LinkMonitor {

    /** The last thing a route's traffic showed. */
    public record LinkState(boolean reachable, Instant lastCheckAt, String lastError) {
    }

    private final Clock clock;
    private final Map<String, LinkState> states = new ConcurrentHashMap<>();

    LinkMonitor(Clock clock) {
        this.clock = clock;
    }

    public boolean reachable(String route) {
        return true;
    }

    public void succeeded(String route) {
        states.put(route, new LinkState(true, clock.instant(), null));
    }

    public void failed(String route, String error) {
        states.put(route, new LinkState(true, clock.instant(), error));
    }

    public LinkState state(String route) {
        return states.getOrDefault(route, new LinkState(true, null, null));
    }
}
