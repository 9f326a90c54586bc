package io.outpost.auth;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.outpost.testing.AgentWideProfile;
import io.outpost.testing.AuthFixtures;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.outpost.testing.TlsFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Every auth flow with the whole agent logging at DEBUG to a file, then a search of that file for every
 * secret the flows used, in plain text, base64 and URL-encoded: the OAuth2 client secret (and the Basic
 * credentials of the token requests), API keys, the tokens the upstream saw, the local API token (right and
 * wrong), device key material. The profile's boot holds UploadNoRoomTest too, whose refused uploads are
 * searched as well.
 */
@QuarkusTest
@TestProfile(AgentWideProfile.class)
class SecretsInLogsTest {

    static final Path LOG = AgentWideProfile.LOG;
    static final String WRONG_TOKEN = "wrong-tk-93be1d0c";

    private final TestUpstream upstream = TestUpstream.shared();
    private final AuthFixtures auth = AuthFixtures.shared();

    private Recorded deliver(String route) {
        String id = accept(route, "secret-scan");
        awaitStatus(id, "delivered", Duration.ofSeconds(15));
        return upstream.requests(route).stream().filter(r -> id.equals(r.header("Idempotency-Key"))).findFirst()
                .orElseThrow();
    }

    @Test
    void noFlowLeavesASecretInTheDebugLog() throws Exception {
        List<String> secrets = new ArrayList<>(List.of(AuthFixtures.CLIENT_SECRET, AuthFixtures.QUERY_KEY,
                "test-token", WRONG_TOKEN));
        upstream.behave("oauth-401", (r, n) -> n % 2 == 1 ? Reply.status(401) : Reply.status(204));
        for (String route : List.of("oauth", "signed", "signed-ec")) {
            upstream.behave(route, (r, n) -> Reply.status(204));
        }
        for (String route : List.of("oauth", "oauth-401", "signed", "signed-ec")) {
            secrets.add(bearer(deliver(route)));
        }
        upstream.behave("keyed", (r, n) -> Reply.status(204));
        upstream.behave("keyedq", (r, n) -> Reply.status(204));
        secrets.add(deliver("keyed").header("X-API-Key"));
        deliver("keyedq");
        awaitStatus(accept("secure", "mtls"), "delivered", Duration.ofSeconds(15));
        given().header("Authorization", "Bearer " + WRONG_TOKEN).get("/v1/routes").then().statusCode(401);
        given().get("/v1/messages").then().statusCode(401);

        for (Path key : List.of(auth.rsaKeyFile, auth.ecKeyFile, TlsFixtures.shared().client.key())) {
            secrets.add(keyMaterial(key));
        }
        String log = Files.readString(LOG);
        assertThat(log).as("the OAuth2 client logged at DEBUG while the flows ran").contains("OidcClient has acquired the tokens");
        for (String client : List.of("steady-client", "refresh-client")) {
            secrets.add(base64(client + ":" + AuthFixtures.CLIENT_SECRET)); // a token request's Basic credentials
        }
        for (String secret : secrets) {
            assertThat(secret).isNotBlank();
            for (String form : List.of(secret, base64(secret), URLEncoder.encode(secret, StandardCharsets.UTF_8))) {
                assertThat(log).as("log leaks a secret (as %s)", form).doesNotContain(form);
            }
        }
    }

    private static String base64(String text) {
        // without padding: a secret inside a longer base64 string shows as its encoding's prefix
        String encoded = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return encoded.replace("=", "");
    }

    private static String bearer(Recorded r) {
        String header = r.header("Authorization");
        assertThat(header).startsWith("Bearer ");
        return header.substring(7);
    }

    /** A stretch of a PEM key's body, base64 as it would appear if printed, and its raw bytes would be. */
    private static String keyMaterial(Path pem) throws Exception {
        String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        Base64.getDecoder().decode(body); // it is a key body, not a header left in
        return body.substring(body.length() / 2, body.length() / 2 + 40);
    }
}
