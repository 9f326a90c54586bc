package io.outpost.upstream;

import io.smallrye.mutiny.Uni;

/**
 * One step of a route's outbound pipeline (as in OkHttp's interceptor chain): it may change the request,
 * decide not to send it, or look at the response, and hands on with {@link Chain#proceed}.
 */
public interface Stage {

    Uni<UpstreamResponse> apply(OutboundRequest request, Chain chain);

    /** The rest of the pipeline after a stage. */
    interface Chain {
        Uni<UpstreamResponse> proceed(OutboundRequest request);
    }
}
