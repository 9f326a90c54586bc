package io.outpost.auth;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.outpost.testing.AuthFixtures;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;

/** The upstream checks the agent's JWT as a real one would: signature with the public key, claims, expiry. */
@QuarkusTest
class JwtDeliveryTest {

    private final TestUpstream upstream = TestUpstream.shared();
    private final AuthFixtures auth = AuthFixtures.shared();

    private SignedJWT deliveredJwt(String route) throws Exception {
        upstream.behave(route, (r, n) -> Reply.status(204));
        String id = accept(route, "reading");
        awaitStatus(id, "delivered", Duration.ofSeconds(10));
        Recorded r = upstream.requests(route).stream().filter(x -> id.equals(x.header("Idempotency-Key")))
                .findFirst().orElseThrow();
        assertThat(r.header("Authorization")).startsWith("Bearer ");
        return SignedJWT.parse(r.header("Authorization").substring(7));
    }

    private static void assertClaims(SignedJWT jwt, JWSVerifier verifier, String alg, String kid) throws Exception {
        assertThat(jwt.verify(verifier)).as("signature").isTrue();
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(alg);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(kid);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("gw-17");
        assertThat(claims.getSubject()).isEqualTo("device-17");
        assertThat(claims.getAudience()).containsExactly("upstream");
        assertThat(claims.getExpirationTime().toInstant()).isAfter(Instant.now())
                .isBefore(Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(claims.getJWTID()).isNotBlank();
    }

    @Test
    void rs256() throws Exception {
        assertClaims(deliveredJwt("signed"), new RSASSAVerifier((RSAPublicKey) auth.rsa.getPublic()), "RS256", "rsa-1");
    }

    @Test
    void es256() throws Exception {
        assertClaims(deliveredJwt("signed-ec"), new ECDSAVerifier((ECPublicKey) auth.ec.getPublic()), "ES256", "ec-1");
    }

    @Test
    void anotherKeyDoesNotVerify() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        RSAPublicKey stranger = (RSAPublicKey) gen.generateKeyPair().getPublic();
        assertThat(deliveredJwt("signed").verify(new RSASSAVerifier(stranger))).isFalse();
    }
}
