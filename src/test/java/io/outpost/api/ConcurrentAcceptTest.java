package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class ConcurrentAcceptTest {

    @TestHTTPResource("/v1/routes/orders/messages")
    URL accept;

    @Inject
    Pool pool;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private List<HttpResponse<String>> post(int n, String idempotencyKey) {
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, n).mapToObj(i -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(accept.toString()))
                    .header("Authorization", "Bearer " + Api.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("body-" + i));
            if (idempotencyKey != null) {
                b.header("Idempotency-Key", idempotencyKey);
            }
            return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
        }).toList();
        return calls.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void fiftyConcurrentPostsWithOneKeyStoreOneMessage() {
        String key = Api.key();
        List<HttpResponse<String>> responses = post(50, key);
        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(202, 200);
        assertThat(responses.stream().filter(r -> r.statusCode() == 202)).hasSize(1);
        assertThat(responses.stream().map(r -> new JsonObject(r.body()).getString("id")).distinct()).hasSize(1);
        long stored = pool.preparedQuery("select count(*) from outbox_message where idempotency_key = $1")
                .execute(Tuple.of(key)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void concurrentAcceptsAllGetTheirOwnMessage() {
        List<HttpResponse<String>> responses = post(200, null);
        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(202);
        assertThat(responses.stream().map(r -> new JsonObject(r.body()).getString("id")).distinct()).hasSize(200);
    }
}
