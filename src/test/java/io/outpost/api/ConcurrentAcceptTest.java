package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
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

    private final AtomicInteger unavailable = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * n concurrent posts, each sent again after a 503 as the API tells clients to: on a loaded machine a group
     * commit can outlast the commit timeout, and the 503 then says nothing was kept (the late commit is
     * withdrawn), so the retry is the client's part of the contract, not a way around a failure.
     */
    private List<HttpResponse<String>> post(int n, String idempotencyKey) {
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, n).mapToObj(i -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(accept.toString()))
                    .header("Authorization", "Bearer " + Api.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("body-" + i));
            if (idempotencyKey != null) {
                b.header("Idempotency-Key", idempotencyKey);
            }
            return send(b.build(), 5);
        }).toList();
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest request, int triesLeft) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(r -> {
            if (r.statusCode() == 503 && triesLeft > 1) {
                unavailable.incrementAndGet();
                return send(request, triesLeft - 1);
            }
            return CompletableFuture.completedFuture(r);
        });
    }

    @Test
    void fiftyConcurrentPostsWithOneKeyStoreOneMessage() {
        String key = Api.key();
        List<HttpResponse<String>> responses = post(50, key);
        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(202, 200);
        // one 202, or none when the first commit came after its 503 (a keyed message is kept, its retry gets 200)
        assertThat(responses.stream().filter(r -> r.statusCode() == 202)).hasSizeLessThanOrEqualTo(1);
        assertThat(responses.stream().map(r -> new JsonObject(r.body()).getString("id")).distinct()).hasSize(1);
        long stored = pool.preparedQuery("select count(*) from outbox_message where idempotency_key = $1")
                .execute(Tuple.of(key)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void concurrentAcceptsAllGetTheirOwnMessage() {
        List<HttpResponse<String>> responses = post(200, null);
        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(202);
        List<String> ids = responses.stream().map(r -> new JsonObject(r.body()).getString("id")).toList();
        assertThat(ids).doesNotHaveDuplicates().hasSize(200);
        // what a 503 answered was withdrawn: the 200 accepted are exactly what the route will deliver
        long kept = pool.preparedQuery("select count(*) from outbox_message where id = any($1) and status <> 'cancelled'")
                .execute(Tuple.of(ids.stream().map(UUID::fromString).toArray(UUID[]::new)))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
        assertThat(kept).isEqualTo(200);
        System.out.printf("concurrent accepts: %d answered 503 first and were sent again%n", unavailable.get());
    }
}
