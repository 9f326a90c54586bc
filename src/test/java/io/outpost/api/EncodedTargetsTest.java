package io.outpost.api;

import static io.outpost.testing.Agent.api;
import static io.outpost.testing.Agent.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.UpstreamResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Sub-paths and queries reach the upstream percent-encoded (RFC 3986), whichever way they came in: raw UTF-8
 * bytes in a request line (sent over a socket, as no HTTP client would), text in a JSON body, or already
 * encoded. The loopback upstream records each request target as it arrived.
 */
@QuarkusTest
@WithTestResource(value = UpstreamResource.class, scope = TestResourceScope.GLOBAL)
class EncodedTargetsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String AUTH = "Authorization: Bearer " + Api.TOKEN + "\r\n";

    private final TestUpstream upstream = TestUpstream.shared();

    /** The request line's target as raw UTF-8 bytes. */
    private static RawHttp.Answer raw(String method, String target, String body) throws Exception {
        return RawHttp.send((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH
                + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8));
    }

    private List<String> targets() {
        return upstream.requests("encoded").stream().map(TestUpstream.Recorded::path).toList();
    }

    @Test
    void aFetchSendsRawUtf8PercentEncodedAndKeepsEscapesAsTheyAre() throws Exception {
        RawHttp.Answer a = raw("GET", "/v1/routes/encoded/fetch/café/menu?dish=crème+brûlée&x=%41%2F", "");
        assertThat(a.status()).as(a.head()).isEqualTo(204);
        assertThat(targets()).contains("/encoded/caf%C3%A9/menu?dish=cr%C3%A8me+br%C3%BBl%C3%A9e&x=%41%2F");
        api().urlEncodingEnabled(false).get("/v1/routes/encoded/fetch/a%2Fb%20c/%C3%A9?q=%25").then().statusCode(204);
        assertThat(targets()).contains("/encoded/a%2Fb%20c/%C3%A9?q=%25");
    }

    @Test
    void aMessageIsDeliveredToItsEncodedSubPath() throws Exception {
        RawHttp.Answer a = raw("POST", "/v1/routes/encoded/messages/bücher/straße?ort=köln", "m1");
        assertThat(a.status()).as(a.head()).isEqualTo(202);
        String id = a.header("Location").substring("/v1/messages/".length());
        awaitStatus(id, "delivered", WAIT);
        assertThat(targets()).contains("/encoded/b%C3%BCcher/stra%C3%9Fe?ort=k%C3%B6ln");
    }

    @Test
    void uploadsAndDownloadsGoToTheirEncodedPaths() throws Exception {
        RawHttp.Answer up = raw("PUT", "/v1/routes/encoded/uploads/résumé.txt", "file");
        assertThat(up.status()).as(up.head() + up.body()).isEqualTo(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(targets()).contains("/encoded/r%C3%A9sum%C3%A9.txt"));

        api().contentType("application/json").body("{\"route\":\"encoded\",\"path\":\"/naïve/日本?v=é\","
                + "\"direction\":\"download\"}").post("/v1/transfers").then().statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(targets())
                .contains("/encoded/na%C3%AFve/%E6%97%A5%E6%9C%AC?v=%C3%A9"));
    }
}
