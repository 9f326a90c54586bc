package io.outpost.auth;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.outpost.testing.AuthFixtures;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ApiKeyDeliveryTest {

    private final TestUpstream upstream = TestUpstream.shared();
    private final AuthFixtures auth = AuthFixtures.shared();

    private Recorded delivered(String route, String body) {
        String id = accept(route, body);
        awaitStatus(id, "delivered", Duration.ofSeconds(10));
        return upstream.requests(route).stream().filter(r -> id.equals(r.header("Idempotency-Key"))).findFirst()
                .orElseThrow();
    }

    @Test
    void keyFromAFileGoesInTheHeaderAndFollowsRotation() throws Exception {
        upstream.behave("keyed", (r, n) -> AuthFixtures.FIRST_FILE_KEY.equals(r.header("X-API-Key"))
                || "fk-rotated-22e4c1".equals(r.header("X-API-Key")) ? Reply.status(204) : Reply.status(403));
        assertThat(delivered("keyed", "before").header("X-API-Key")).isEqualTo(AuthFixtures.FIRST_FILE_KEY);

        Files.writeString(auth.apiKeyFile, "fk-rotated-22e4c1\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> "fk-rotated-22e4c1".equals(
                delivered("keyed", "after").header("X-API-Key")));
    }

    @Test
    void keyAsAQueryParameter() {
        upstream.behave("keyedq", (r, n) -> Reply.status(204));
        Recorded r = delivered("keyedq", "x");
        assertThat(r.path()).endsWith("?api_key=" + AuthFixtures.QUERY_KEY);
        assertThat(r.header("X-API-Key")).isNull();
    }

    @Test
    void aRefusedKeyIsNotRetriedAsIfItCouldChange() {
        upstream.behave("keyedq", (r, n) -> Reply.status(401));
        String id = accept("keyedq", "refused");
        assertThat(awaitStatus(id, "dead", Duration.ofSeconds(10)).getInt("lastStatus")).isEqualTo(401);
        assertThat(upstream.requests("keyedq").stream().filter(r -> id.equals(r.header("Idempotency-Key")))).hasSize(1);
    }
}
