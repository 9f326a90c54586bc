package io.outpost.upstream;

import io.outpost.config.RouteConfig;
import io.smallrye.mutiny.Uni;

/**
 * Adds a route's credentials to a request about to be sent (as OkHttp's {@code Authenticator}, it lives
 * beside the request it changes). The schemes themselves (API key, OAuth2, JWT) are the {@code auth}
 * package's; the pipeline only knows this port.
 */
public interface UpstreamAuth {

    /** Builds a route's credentials from its {@code auth.*} settings; the pipeline gets one injected. */
    interface Factory {
        UpstreamAuth forRoute(String route, RouteConfig config);
    }

    /** Routes with {@code auth.type=none}. */
    UpstreamAuth NONE = request -> Uni.createFrom().item(request);

    Uni<OutboundRequest> authenticate(OutboundRequest request);

    /**
     * The upstream answered {@code refused} with 401. True if fresh credentials were obtained, so that
     * one retry makes sense; false for credentials that cannot change by themselves.
     */
    default Uni<Boolean> refresh(OutboundRequest refused) {
        return Uni.createFrom().item(false);
    }
}
