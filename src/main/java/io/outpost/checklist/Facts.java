package io.outpost.checklist;

import java.time.Instant;
import java.util.Map;

import io.outpost.config.OutpostConfig;

/**
 * Everything a check may read: the configuration, where each of its keys came from, the address the local
 * API listens on, what was observed per route, and the time of the run.
 */
record Facts(OutpostConfig config, KeySources sources, String apiHost, Map<String, RouteSeen> seen, Instant now) {

    RouteSeen seen(String route) {
        return seen.getOrDefault(route, RouteSeen.NOTHING);
    }
}
