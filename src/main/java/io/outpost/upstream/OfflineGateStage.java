package io.outpost.upstream;

import io.smallrye.mutiny.Uni;

/**
 * Sends nothing to a route the link monitor holds unreachable (no retry storm against a dead network),
 * and tells the monitor what each request showed: any HTTP answer means the link works, a connection
 * failure or timeout that it may not.
 */
final class OfflineGateStage implements Stage {

    private final LinkGate links;

    OfflineGateStage(LinkGate links) {
        this.links = links;
    }

    @Override
    public Uni<UpstreamResponse> apply(OutboundRequest request, Chain chain) {
        if (!links.reachable(request.route())) {
            return Uni.createFrom().failure(new NotAttempted(NoAnswer.OFFLINE,
                    "route " + request.route() + " is unreachable"));
        }
        long start = System.nanoTime();
        return chain.proceed(request)
                .invoke(response -> links.answered(request.route(), response.status(),
                        (System.nanoTime() - start) / 1_000_000))
                .onFailure(t -> Classifier.attempted(t) && !(t instanceof CredentialsUnavailable))
                .invoke(t -> links.failed(request.route(), Classifier.describe(t)));
    }
}
