package io.outpost.connectivity;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Carries the network state in the readiness response. Always UP: offline is a normal state for this
 * agent (it keeps accepting), and a pod taken out of service for it would only make things worse.
 */
@Readiness
@ApplicationScoped
public class NetworkHealth implements HealthCheck {

    private final LinkMonitor links;

    NetworkHealth(LinkMonitor links) {
        this.links = links;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("network").up()
                .withData("state", links.network().wire());
        links.views().forEach((route, view) -> response.withData("route." + route,
                view.reachable() ? "reachable" : "unreachable"));
        return response.build();
    }
}
