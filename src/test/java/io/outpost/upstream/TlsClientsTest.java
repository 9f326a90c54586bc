package io.outpost.upstream;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.api;
import static io.outpost.testing.Agent.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.outpost.connectivity.LinkMonitor;
import io.outpost.testing.TlsFixtures;
import io.outpost.testing.UpstreamResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every kind of client the agent has reaches an upstream behind a private CA that requires a client
 * certificate, with the route's {@code tls.*} settings ({@link UpstreamClients}): probes, deliveries,
 * fetches, token requests, SSE and WebSocket streams, downloads and uploads. A route whose CA vouches for
 * nobody there stays unreachable and says why.
 */
@QuarkusTest
@WithTestResource(value = UpstreamResource.class, scope = TestResourceScope.GLOBAL)
class TlsClientsTest {

    private static final Duration WITHIN = Duration.ofSeconds(15);

    private final TlsFixtures tls = TlsFixtures.shared();

    @Inject
    LinkMonitor links;

    @Test
    void probesBringARouteBehindThePrivateCaBack() {
        for (String route : new String[] { "pca", "pca-mtls" }) {
            markDown(route);
            await().atMost(WITHIN).until(() -> (Boolean) network(route).get("reachable"));
            assertThat(network(route).get("lastError")).isNull();
            assertThat(tls.served).contains("HEAD /" + route + "/");
        }
    }

    @Test
    void deliveriesAndFetchesGoThroughThePrivateCaAndMutualTls() {
        awaitStatus(accept("pca", "ca only"), "delivered", WITHIN);
        awaitStatus(accept("pca-mtls", "with a client certificate"), "delivered", WITHIN);
        api().get("/v1/routes/pca-mtls/fetch/data/one").then().statusCode(200).body("over", equalTo("tls"));
        assertThat(tls.served).contains("/pca", "/pca-mtls", "/pca-mtls/data/one");
    }

    @Test
    void tokenRequestsPresentTheRoutesClientCertificate() {
        awaitStatus(accept("pca-oauth", "x"), "delivered", WITHIN);
        assertThat(tls.tokenRequests.get()).isPositive();
        assertThat(tls.authorization.get("/pca-oauth")).isEqualTo("Bearer " + TlsFixtures.TOKEN);
    }

    @Test
    void streamsConnectWithTheRoutesCertificates() {
        for (String stream : new String[] { "tls-ws", "tls-sse" }) {
            await().atMost(WITHIN).untilAsserted(() -> assertThat(api().get("/v1/streams/" + stream + "/events?after=0")
                    .then().statusCode(200).extract().asString()).contains("over-tls"));
        }
    }

    @Test
    void downloadsAndUploadsGoThroughMutualTls() {
        String download = api().contentType("application/json")
                .body(Map.of("route", "pca-mtls", "path", "/files/blob.bin", "direction", "download"))
                .post("/v1/transfers").then().statusCode(202).extract().path("id");
        String upload = api().contentType("application/octet-stream").body("uploaded over mutual TLS".getBytes(StandardCharsets.UTF_8))
                .put("/v1/routes/pca-mtls/uploads/up.bin").then().statusCode(202).extract().path("id");
        for (String id : new String[] { download, upload }) {
            await().atMost(WITHIN).until(() -> "completed".equals(api().get("/v1/transfers/" + id).then()
                    .statusCode(200).extract().path("state")));
        }
        assertThat(api().get("/v1/transfers/" + download + "/content").then().statusCode(200).extract().asByteArray())
                .hasSize(TlsFixtures.FILE.length());
        assertThat(tls.served).contains("/pca-mtls/up.bin");
    }

    @Test
    void aCaThatVouchesForNobodyLeavesTheRouteUnreachableAndSaysWhy() {
        String id = accept("pca-wrong", "x");
        assertThat(awaitStatus(id, "dead", WITHIN).getString("lastError"))
                .contains("TLS handshake failed", "not signed by a CA the route trusts (tls.ca-file)");
        markDown("pca-wrong");
        await().atMost(WITHIN).untilAsserted(() -> assertThat((String) network("pca-wrong").get("lastError"))
                .startsWith("probe: TLS handshake failed").contains("(tls.ca-file)"));
        assertThat((Boolean) network("pca-wrong").get("reachable")).isFalse();
        assertThat(tls.served).noneMatch(p -> p.contains("/pca-wrong"));
    }

    /** What a run of failed requests would do; from then on only the prober's answers can bring it back. */
    private void markDown(String route) {
        for (int i = 0; i < 10 && links.reachable(route); i++) {
            links.failed(route, "marked down by the test");
        }
        assertThat(links.reachable(route)).isFalse();
    }

    /** The route's entry in {@code GET /v1/network}. */
    private static Map<String, Object> network(String route) {
        return api().get("/v1/network").then().statusCode(200).extract().jsonPath().getMap("routes.'" + route + "'");
    }
}
