package io.outpost.delivery;

import io.outpost.connectivity.LinkMonitor;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.outpost.upstream.Pipeline;
import io.outpost.upstream.Pipelines;

/** What every route lane shares: the store, the result writer, the pipelines, the link monitor, the meters. */
record Lanes(DeliveryStore store, ResultWriter writer, Pipelines pipelines, LinkMonitor links,
        DeliveryMetrics metrics) {

    Pipeline pipeline(String route) {
        return pipelines.forRoute(route);
    }

    CircuitBreakerState circuit(String route) {
        return pipelines.circuit(route);
    }

    boolean reachable(String route) {
        return links.reachable(route);
    }
}
