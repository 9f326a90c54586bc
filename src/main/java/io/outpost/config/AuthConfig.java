package io.outpost.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/** How the agent authenticates to a route's upstream ({@code outpost.routes.<name>.auth.*}). */
public interface AuthConfig {

    /** {@code none}, {@code api-key}, {@code oauth2} (client credentials) or {@code jwt} (signed by the agent). */
    @WithDefault("none")
    RouteConfig.AuthType type();

    /** A static key ({@code auth.type=api-key}). */
    ApiKey apiKey();

    /** OAuth 2.0 client credentials ({@code auth.type=oauth2}). */
    OAuth2 oauth2();

    /** A JWT the agent signs with its device key ({@code auth.type=jwt}). */
    Jwt jwt();

    /** {@code outpost.routes.<name>.auth.api-key.*}. */
    interface ApiKey {
        /** Header that carries the key. */
        @WithDefault("X-API-Key")
        String header();

        /** Send the key as this query parameter instead of a header. */
        Optional<String> queryParam();

        /** The key. Prefer {@code file} (or the environment) over a config file. */
        Optional<String> value();

        /** File holding the key (surrounding whitespace ignored), e.g. a Secret mount; re-read when it changes. */
        Optional<Path> file();
    }

    /** {@code outpost.routes.<name>.auth.oauth2.*}. */
    interface OAuth2 {
        /** Token endpoint of the authorization server (client credentials grant). */
        Optional<String> tokenUrl();

        /** Client id. */
        Optional<String> clientId();

        /** Client secret, sent with HTTP Basic (client_secret_basic). */
        Optional<String> clientSecret();

        /** File holding the client secret; wins over {@code client-secret}. */
        Optional<Path> clientSecretFile();

        /** PEM private key for {@code private_key_jwt} client authentication instead of a secret. */
        Optional<Path> privateKeyFile();

        /** Key id ({@code kid}) of {@code private-key-file}. */
        Optional<String> keyId();

        /** Scopes to request. */
        Optional<List<String>> scope();

        /** Audience to request ({@code audience} parameter), if the server wants one. */
        Optional<String> audience();

        /** A token is refreshed this long before it expires (at most half its lifetime before). */
        @WithDefault("30s")
        Duration refreshBefore();
    }

    /** {@code outpost.routes.<name>.auth.jwt.*}. */
    interface Jwt {
        /** PEM private key of the device (RSA for RS256, EC P-256 for ES256). */
        Optional<Path> keyFile();

        /** {@code RS256} or {@code ES256}. */
        @WithDefault("RS256")
        String algorithm();

        /** Key id ({@code kid} header) the upstream uses to pick the public key. */
        Optional<String> keyId();

        /** {@code iss} claim. */
        Optional<String> issuer();

        /** {@code sub} claim: the device id. */
        Optional<String> subject();

        /** {@code aud} claim. */
        Optional<String> audience();

        /** Lifetime of each token; a new one is signed when half of it is left. */
        @WithDefault("5m")
        Duration lifetime();

        /** Header that carries the token, as {@code Bearer <jwt>}. */
        @WithDefault("Authorization")
        String header();
    }
}
