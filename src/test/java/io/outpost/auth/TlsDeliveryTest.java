package io.outpost.auth;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TlsFixtures;
import io.quarkus.test.junit.QuarkusTest;

/** Certificates are always checked: a custom CA per route, a client certificate for mutual TLS. */
@QuarkusTest
class TlsDeliveryTest {

    private final TlsFixtures tls = TlsFixtures.shared();

    @Test
    void mutualTlsWithTheRoutesCaAndClientCertificate() {
        String id = accept("secure", "x");
        awaitStatus(id, "delivered", Duration.ofSeconds(10));
        assertThat(tls.served).contains("/secure");
    }

    @Test
    void anUpstreamCertificateNobodyVouchedForIsRefused() {
        String id = accept("untrusted", "x");
        String error = awaitStatus(id, "dead", Duration.ofSeconds(15)).getString("lastError");
        assertThat(error).isNotBlank();
        assertThat(tls.served).doesNotContain("/untrusted");
    }

    @Test
    void withoutAClientCertificateTheUpstreamRefusesTheHandshake() {
        String id = accept("anonymous", "x");
        awaitStatus(id, "dead", Duration.ofSeconds(15));
        assertThat(tls.served).doesNotContain("/anonymous");
    }
}
