package io.outpost.upstream;

import io.outpost.upstream.UpstreamAuth;
import io.smallrye.mutiny.Uni;

/**
 * Applies the route's credentials at send time, so a message queued for hours goes out with a fresh
 * token. A 401 gets one refresh of the credentials and one retry, no more. Failing to get credentials is
 * told apart from failing to reach the upstream: it must not mark the link down.
 */
final class AuthStage implements Stage {

    private final UpstreamAuth auth;

    AuthStage(UpstreamAuth auth) {
        this.auth = auth;
    }

    @Override
    public Uni<UpstreamResponse> apply(OutboundRequest request, Chain chain) {
        return credentials(auth.authenticate(request)).chain(authed -> chain.proceed(authed).chain(response -> {
            if (response.status() != 401) {
                return Uni.createFrom().item(response);
            }
            return credentials(auth.refresh(authed)).chain(fresh -> fresh
                    ? credentials(auth.authenticate(request)).chain(chain::proceed)
                    : Uni.createFrom().item(response));
        }));
    }

    private static <T> Uni<T> credentials(Uni<T> step) {
        return step.onFailure().transform(CredentialsUnavailable::new);
    }
}
