package io.outpost.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.outpost.config.AuthConfig;
import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.UpstreamAuth;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import io.smallrye.mutiny.Uni;

/**
 * A JWT the agent signs with its device key (RS256 or ES256): issuer, subject (the device), audience,
 * expiry and key id. One token serves until half its lifetime is gone, then a new one is signed, so a
 * message queued for hours still goes out with a fresh token.
 */
final class JwtAuth implements UpstreamAuth {

    private record Signed(String token, Instant renewAt) {
    }

    private final AuthConfig.Jwt config;
    private final SignatureAlgorithm algorithm;
    private final PrivateKey key;
    private final Clock clock;
    private volatile Signed current;

    JwtAuth(String route, AuthConfig.Jwt config, Clock clock) {
        String prefix = "outpost.routes." + route + ".auth.jwt.";
        this.config = config;
        this.clock = clock;
        try {
            this.algorithm = SignatureAlgorithm.fromAlgorithm(config.algorithm());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "algorithm: use RS256 or ES256", e);
        }
        if (algorithm != SignatureAlgorithm.RS256 && algorithm != SignatureAlgorithm.ES256) {
            throw new IllegalArgumentException(prefix + "algorithm: use RS256 or ES256");
        }
        Path keyFile = config.keyFile().orElseThrow(() -> new IllegalArgumentException(prefix
                + "key-file is required for auth.type=jwt"));
        try {
            this.key = KeyUtils.decodePrivateKey(Files.readString(keyFile), algorithm);
        } catch (IOException e) {
            throw new UncheckedIOException(prefix + "key-file: cannot read " + keyFile, e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(prefix + "key-file: " + keyFile + " is not a PEM " + algorithm
                    + " private key", e);
        }
    }

    @Override
    public Uni<OutboundRequest> authenticate(OutboundRequest request) {
        return Uni.createFrom().item(() -> request.withHeader(config.header(), "Bearer " + token()));
    }

    private String token() {
        Instant now = clock.instant();
        Signed signed = current;
        if (signed == null || !now.isBefore(signed.renewAt())) {
            signed = sign(now);
            current = signed;
        }
        return signed.token();
    }

    private Signed sign(Instant now) {
        Duration lifetime = config.lifetime();
        JwtClaimsBuilder claims = Jwt.claims().issuedAt(now).expiresAt(now.plus(lifetime))
                .claim("jti", UUID.randomUUID().toString());
        config.issuer().ifPresent(claims::issuer);
        config.subject().ifPresent(claims::subject);
        config.audience().ifPresent(claims::audience);
        var jws = claims.jws().algorithm(algorithm);
        config.keyId().ifPresent(jws::keyId);
        return new Signed(jws.sign(key), now.plus(lifetime.dividedBy(2)));
    }
}
