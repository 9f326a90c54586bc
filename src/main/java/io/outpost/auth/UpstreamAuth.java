package io.outpost.auth;

import io.outpost.delivery.OutboundRequest;
import io.smallrye.mutiny.Uni;

/** Adds a route's credentials to a request about to be sent. */
public interface UpstreamAuth {

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
