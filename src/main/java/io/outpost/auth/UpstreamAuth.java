package io.outpost.auth;

import io.outpost.delivery.OutboundRequest;
import io.smallrye.mutiny.Uni;

/** Adds a route's credentials to a request about to be sent. */
public interface UpstreamAuth {

    /** Routes with {@code auth.type=none}. */
    UpstreamAuth NONE = request -> Uni.createFrom().item(request);

    Uni<OutboundRequest> authenticate(OutboundRequest request);
}
