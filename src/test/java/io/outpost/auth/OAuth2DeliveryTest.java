package io.outpost.auth;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.awaitAllStatus;
import static io.outpost.testing.Agent.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;

import io.outpost.testing.Agent;
import io.outpost.testing.AuthFixtures;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Client-credentials tokens from a real OAuth2 server that live 5 s. */
@QuarkusTest
class OAuth2DeliveryTest {

    private final TestUpstream upstream = TestUpstream.shared();
    private final AuthFixtures auth = AuthFixtures.shared();

    @TestHTTPResource("/")
    URI agent;

    /** The server's published keys, fetched once per test: a fetch per checked request cost seconds. */
    private JWKSet keys;

    private void assertValidAtReceipt(Recorded r) throws Exception {
        String header = r.header("Authorization");
        assertThat(header).startsWith("Bearer ");
        SignedJWT jwt = SignedJWT.parse(header.substring(7));
        if (keys == null || keys.getKeyByKeyId(jwt.getHeader().getKeyID()) == null) {
            keys = JWKSet.load(auth.oauth.jwksUrl("default").url());
        }
        RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new RSASSAVerifier(key))).as("signature").isTrue();
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).as("unexpired when it arrived")
                .isAfter(r.at());
    }

    @Test
    void aHundredMessagesOverTenSecondsAllCarryAValidToken() throws Exception {
        upstream.behave("oauth", (r, n) -> Reply.status(204));
        auth.drainTokenRequests();
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long due = start + i * 100_000_000L; // ten a second, paced
            await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(30)).until(() -> System.nanoTime() >= due);
            ids.add(accept("oauth", "m" + i));
        }
        awaitAllStatus("oauth", ids, "delivered", Duration.ofSeconds(20));
        List<Recorded> seen = upstream.requests("oauth");
        assertThat(seen).hasSizeGreaterThanOrEqualTo(100);
        for (Recorded r : seen) {
            assertValidAtReceipt(r);
        }
        long refreshes = auth.drainTokenRequests().stream().filter("steady-client"::equals).count();
        // 5 s tokens renewed 1 s before expiry: one every 4 s of the run (10 s, longer on a loaded machine),
        // not one per message
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertThat(refreshes).as("token requests for " + seconds + " s of 5 s tokens").isBetween(2L, seconds / 3 + 2);
    }

    @Test
    void fiftyConcurrentSendsShareOneTokenRequest() {
        AtomicInteger inFlight = new AtomicInteger();
        upstream.behave("oauth-burst", (r, n) -> Reply.status(204).after(50));
        auth.drainTokenRequests();
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            posts.add(client.sendAsync(HttpRequest.newBuilder(agent.resolve("/v1/routes/oauth-burst/messages"))
                    .header("Authorization", "Bearer test-token").POST(HttpRequest.BodyPublishers.ofString("b" + i))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        posts.forEach(p -> assertThat(p.join().statusCode()).isEqualTo(202));
        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.requests("oauth-burst").size() >= 50);
        assertThat(Collections.frequency(auth.drainTokenRequests(), "burst-client")).isEqualTo(1);
        assertThat(inFlight.get()).isZero();
    }

    @Test
    void aRefusedTokenIsRefreshedOnceAndTheRequestRetried() throws Exception {
        upstream.behave("oauth-401", (r, n) -> n == 1 ? Reply.status(401) : Reply.status(200));
        auth.drainTokenRequests();
        String id = accept("oauth-401", "x");
        awaitStatus(id, "delivered", Duration.ofSeconds(10));
        List<Recorded> seen = upstream.requests("oauth-401");
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).header("Authorization")).isNotEqualTo(seen.get(0).header("Authorization"));
        assertValidAtReceipt(seen.get(1));
        assertThat(Collections.frequency(auth.drainTokenRequests(), "refresh-client")).as("first token and one refresh")
                .isEqualTo(2);
        assertThat(Agent.message(id).getInt("attempts")).as("the retry is part of the attempt")
                .isEqualTo(1);
    }

    @Test
    void anUnreachableTokenEndpointBacksOffWithoutMarkingTheUpstreamDown() {
        String id = accept("oauth-down", "x");
        JsonPath dead = awaitStatus(id, "dead", Duration.ofSeconds(15));
        assertThat(dead.getString("lastError")).contains("last: credentials unavailable: OidcClientException")
                .doesNotContain(AuthFixtures.CLIENT_SECRET);
        assertThat(dead.getInt("attempts")).isEqualTo(2);
        assertThat(upstream.requests("oauth-down")).isEmpty();
        Agent.api().get("/v1/network").then().statusCode(200)
                .body("routes.oauth-down.reachable", Matchers.is(true));
    }
}
