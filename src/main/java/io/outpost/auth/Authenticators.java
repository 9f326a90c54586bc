package io.outpost.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.outpost.config.AuthConfig;
import io.outpost.config.RouteConfig;
import io.outpost.upstream.UpstreamAuth;
import io.outpost.upstream.UpstreamClients;
import io.quarkus.oidc.client.OidcClientConfigBuilder;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.runtime.OidcClientConfig;

/**
 * Builds each route's {@link UpstreamAuth} from its {@code auth.*} settings, failing fast naming the key.
 * OAuth2 token requests go out on quarkus-oidc-client's own client, given the route's TLS settings (through
 * Quarkus's TLS registry) and connect timeout from {@link UpstreamClients}, as every other client to the
 * route: a token endpoint on another server must be trusted by the route's {@code tls.ca-file} too, when
 * one is set (the file may hold several CA certificates).
 */
@ApplicationScoped
public class Authenticators implements UpstreamAuth.Factory {

    private final OidcClients oidc;
    private final UpstreamClients clients;
    private final Clock clock;

    Authenticators(OidcClients oidc, UpstreamClients clients, Clock clock) {
        this.oidc = oidc;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public UpstreamAuth forRoute(String route, RouteConfig config) {
        AuthConfig auth = config.auth();
        return switch (auth.type()) {
            case NONE -> UpstreamAuth.NONE;
            case API_KEY -> new ApiKeyAuth(route, auth.apiKey());
            case JWT -> new JwtAuth(route, auth.jwt(), clock);
            case OAUTH2 -> new OAuth2Auth(route, oidc.newClient(oidcConfig(route, auth.oauth2(), clients)),
                    auth.oauth2().refreshBefore(), clock);
        };
    }

    private static OidcClientConfig oidcConfig(String route, AuthConfig.OAuth2 o, UpstreamClients clients) {
        String prefix = "outpost.routes." + route + ".auth.oauth2.";
        String tokenUrl = o.tokenUrl().orElseThrow(() -> missing(prefix + "token-url"));
        URI uri = URI.create(tokenUrl);
        OidcClientConfigBuilder builder = new OidcClientConfigBuilder().id("outpost-route-" + route)
                .authServerUrl(uri.getScheme() + "://" + uri.getRawAuthority()).discoveryEnabled(false)
                .tokenPath(tokenUrl).clientId(o.clientId().orElseThrow(() -> missing(prefix + "client-id")))
                .grant(OidcClientConfig.Grant.Type.CLIENT)
                .tlsConfigurationName(clients.tlsConfigurationName(route))
                .connectionTimeout(clients.connectTimeout(route));
        if (o.privateKeyFile().isPresent()) {
            var jwt = builder.credentials().jwt().keyFile(o.privateKeyFile().get().toString());
            o.keyId().ifPresent(jwt::tokenKeyId);
            jwt.endCredentials();
        } else {
            String secret = o.clientSecretFile().map(f -> read(f, prefix + "client-secret-file"))
                    .or(o::clientSecret).orElseThrow(() -> missing(prefix + "client-secret (or client-secret-file, "
                            + "or private-key-file)"));
            builder.credentials().clientSecret(secret).end();
        }
        o.scope().ifPresent(builder::scopes);
        o.audience().ifPresent(aud -> builder.grantOptions("client", "audience", aud));
        return builder.build();
    }

    private static String read(Path file, String key) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(key + ": cannot read " + file, e);
        }
    }

    private static IllegalArgumentException missing(String key) {
        return new IllegalArgumentException(key + " is required for auth.type=oauth2");
    }
}
