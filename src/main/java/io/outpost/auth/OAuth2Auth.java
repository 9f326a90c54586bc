package io.outpost.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.UpstreamAuth;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;

/**
 * OAuth 2.0 client credentials through quarkus-oidc-client. The token is cached and refreshed before it
 * expires; a refresh is single flight (however many requests wait, one token request goes out), and a
 * 401 invalidates the token that was refused, once, however many requests were refused with it.
 */
final class OAuth2Auth implements UpstreamAuth {

    private static final Logger LOG = Logger.getLogger(OAuth2Auth.class);

    private record Cached(String token, Instant expiresAt, Instant refreshAt) {
        boolean usable(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    private final String route;
    private final Uni<OidcClient> client;
    private final Duration refreshBefore;
    private final Clock clock;
    private volatile Cached cached;
    private Uni<Cached> inFlight;

    OAuth2Auth(String route, Uni<OidcClient> client, Duration refreshBefore, Clock clock) {
        this.route = route;
        this.client = client.memoize().indefinitely();
        this.refreshBefore = refreshBefore;
        this.clock = clock;
    }

    @Override
    public Uni<OutboundRequest> authenticate(OutboundRequest request) {
        return token().map(t -> request.withHeader("Authorization", "Bearer " + t.token()));
    }

    @Override
    public Uni<Boolean> refresh(OutboundRequest refused) {
        Cached now = cached;
        if (now != null && ("Bearer " + now.token()).equals(refused.headers().get("Authorization"))) {
            cached = null; // the token was refused: no one may use it again
        }
        return token().map(t -> true);
    }

    private Uni<Cached> token() {
        Instant now = clock.instant();
        Cached current = cached;
        if (current != null && current.usable(now)) {
            if (current.refreshAt() != null && !now.isBefore(current.refreshAt())) {
                fetch().subscribe().with(t -> { }, e -> { }); // early refresh; the old token still works
            }
            return Uni.createFrom().item(current);
        }
        return fetch();
    }

    private synchronized Uni<Cached> fetch() {
        if (inFlight == null) {
            inFlight = client.chain(OidcClient::getTokens).map(this::cache)
                    .onFailure().invoke(e -> LOG.warnf("Route %s: token request failed: %s", route,
                            e.getClass().getSimpleName()))
                    .eventually(this::done)
                    .memoize().indefinitely();
        }
        return inFlight;
    }

    private synchronized void done() {
        inFlight = null;
    }

    private Cached cache(Tokens tokens) {
        Instant now = clock.instant();
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        Instant expires = expiresAt == null ? null : Instant.ofEpochSecond(expiresAt);
        Instant refreshAt = null;
        if (expires != null) {
            Duration lifetime = Duration.between(now, expires);
            Duration early = refreshBefore.compareTo(lifetime.dividedBy(2)) < 0 ? refreshBefore : lifetime.dividedBy(2);
            refreshAt = expires.minus(early);
        }
        Cached fresh = new Cached(tokens.getAccessToken(), expires, refreshAt);
        cached = fresh;
        LOG.debugf("Route %s: new access token, expires %s", route, expires);
        return fresh;
    }
}
