package io.outpost.cache;

import static io.outpost.cache.CacheCalls.fetch;
import static io.outpost.cache.CacheCalls.seen;
import static io.outpost.testing.Agent.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.outpost.testing.UpstreamResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;

/** Cached reads through a route against a real local upstream. */
@QuarkusTest
@WithTestResource(value = UpstreamResource.class, scope = TestResourceScope.GLOBAL)
class CachedReadsTest {

    private final TestUpstream upstream = TestUpstream.shared();

    @TestHTTPResource("/")
    URI agent;

    @jakarta.inject.Inject
    Pool pool;

    @Test
    void headIsAnsweredLikeGetWithoutTheBody() {
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=600")
                .withHeader("Content-Type", "text/plain").withBody(Buffer.buffer("headed")));
        Response head = api().head("/v1/routes/cached/fetch/headed");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.header("Outpost-Cache")).isEqualTo("miss");
        assertThat(head.body().asString()).isEmpty();
        assertThat(fetch("cached", "/headed").body().asString()).isEqualTo("headed");
    }

    @Test
    void theUpstreamsAgeCountsTowardsFreshness() {
        // max-age 60 with 59 s spent in caches upstream: fresh for one more second, no longer
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=60")
                .withHeader("Age", "59").withBody(Buffer.buffer("aged " + n)));
        Response first = fetch("cached", "/aged");
        assertThat(first.header("Outpost-Cache")).isEqualTo("miss");
        assertThat(Long.parseLong(first.header("Age"))).isGreaterThanOrEqualTo(59);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fetch("cached", "/aged")
                .header("Outpost-Cache")).isNotEqualTo("hit"));
        assertThat(seen("cached", "/aged").size()).as("asked again once the entry went stale").isGreaterThan(1);
    }

    @Test
    void aFreshResponseIsAHitWithItsAge() {
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=600")
                .withHeader("Content-Type", "text/plain").withBody(Buffer.buffer("fresh " + r.path())));
        Response first = fetch("cached", "/fresh?q=1");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.header("Outpost-Cache")).isEqualTo("miss");
        assertThat(first.body().asString()).isEqualTo("fresh /cached/fresh?q=1");
        Response second = fetch("cached", "/fresh?q=1");
        assertThat(second.header("Outpost-Cache")).isEqualTo("hit");
        assertThat(second.header("Age")).isNotNull();
        assertThat(second.header("Content-Type")).isEqualTo("text/plain");
        assertThat(second.body().asString()).isEqualTo("fresh /cached/fresh?q=1");
        assertThat(seen("cached", "/fresh?q=1")).hasSize(1);
        assertThat(seen("cached", "/fresh?q=1").get(0).header("Authorization")).as("local token not forwarded")
                .isNull();
    }

    @Test
    void aStaleResponseIsRevalidatedWithItsEtag() {
        upstream.behave("cached", (r, n) -> "\"v1\"".equals(r.header("If-None-Match"))
                ? Reply.status(304).withHeader("ETag", "\"v1\"").withHeader("Cache-Control", "max-age=0")
                        .withHeader("X-Refreshed", "yes")
                : Reply.status(200).withHeader("ETag", "\"v1\"").withHeader("Cache-Control", "max-age=0")
                        .withBody(Buffer.buffer("version one")));
        assertThat(fetch("cached", "/etag").header("Outpost-Cache")).isEqualTo("miss");
        Response again = fetch("cached", "/etag");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.header("Outpost-Cache")).isEqualTo("revalidated");
        assertThat(again.header("X-Refreshed")).isEqualTo("yes");
        assertThat(again.body().asString()).isEqualTo("version one");
        List<Recorded> requests = seen("cached", "/etag");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).header("If-None-Match")).isEqualTo("\"v1\"");
        Response conditional = fetch("cached", "/etag", "If-None-Match", "\"v1\"");
        assertThat(conditional.statusCode()).as("the client already has it").isEqualTo(304);
    }

    @Test
    void staleWhileRevalidateAnswersAtOnceAndRefreshesBehind() {
        upstream.behave("cached", (r, n) -> Reply.status(200)
                .withHeader("Cache-Control", "max-age=0, stale-while-revalidate=600")
                .withBody(Buffer.buffer("v" + seen("cached", "/swr").size())));
        assertThat(fetch("cached", "/swr").body().asString()).isEqualTo("v1");
        Response stale = fetch("cached", "/swr");
        assertThat(stale.header("Outpost-Cache")).isEqualTo("stale");
        assertThat(stale.body().asString()).isEqualTo("v1");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(seen("cached", "/swr")).hasSize(2));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(fetch("cached", "/swr").body().asString()).isEqualTo("v2"));
    }

    @Test
    void gzipFromTheUpstreamIsDecodedOnlyForAClientThatCannotTakeIt() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write("plain text, once zipped".getBytes(StandardCharsets.UTF_8));
        }
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Content-Encoding", "gzip")
                .withHeader("Cache-Control", "max-age=600").withBody(Buffer.buffer(zipped.toByteArray())));
        // a client that cannot take gzip (RestAssured's own decoders off, so it sends only "identity")
        RestAssuredConfig plain = RestAssuredConfig.config().decoderConfig(DecoderConfig.decoderConfig()
                .noContentDecoders());
        for (String expected : List.of("miss", "hit")) {
            Response r = api().config(plain).header("Accept-Encoding", "identity")
                    .get("/v1/routes/cached/fetch/zipped");
            assertThat(r.header("Outpost-Cache")).isEqualTo(expected);
            assertThat(r.header("Content-Encoding")).isNull();
            assertThat(r.body().asString()).isEqualTo("plain text, once zipped");
        }
        // one that can gets the coding as the upstream sent it
        Response zippedHit = api().config(plain).header("Accept-Encoding", "gzip").get("/v1/routes/cached/fetch/zipped");
        assertThat(zippedHit.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(zippedHit.body().asByteArray()).isEqualTo(zipped.toByteArray());
        assertThat(seen("cached", "/zipped").get(0).header("Accept-Encoding")).contains("gzip");
    }

    @Test
    void theLocalTokenIsNeverPartOfAStoredKey() {
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=600")
                .withHeader("Vary", "Authorization, Accept").withBody(Buffer.buffer("per caller")));
        fetch("cached", "/vary-auth", "Accept", "text/plain");
        assertThat(fetch("cached", "/vary-auth", "Accept", "text/plain").header("Outpost-Cache")).isEqualTo("hit");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(pool.preparedQuery(
                "select variant from cache_entry where route = 'cached' and target = '/vary-auth'").execute()
                .await().indefinitely()).singleElement().satisfies(row -> assertThat(row.getString("variant"))
                        .contains("accept=text/plain").doesNotContain("test-token")));
    }

    @Test
    void memoryHitsKeepTheStoredCopyRecentlyUsed() {
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=600")
                .withBody(Buffer.buffer("hot")));
        fetch("cached", "/hot");
        String sql = "select last_used from cache_entry where route = 'cached' and target = '/hot'";
        OffsetDateTime[] stored = new OffsetDateTime[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            var rows = pool.preparedQuery(sql).execute().await().indefinitely();
            stored[0] = rows.size() == 1 ? rows.iterator().next().getOffsetDateTime("last_used") : null;
            return stored[0] != null;
        });
        assertThat(fetch("cached", "/hot").header("Outpost-Cache")).isEqualTo("hit");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(pool.preparedQuery(sql).execute()
                .await().indefinitely().iterator().next().getOffsetDateTime("last_used")).isAfter(stored[0]));
    }

    @Test
    void noStoreIsNeverStored() {
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "no-store")
                .withBody(Buffer.buffer("secret " + n)));
        assertThat(fetch("cached", "/nostore").header("Outpost-Cache")).isEqualTo("miss");
        Response again = fetch("cached", "/nostore");
        assertThat(again.header("Outpost-Cache")).isEqualTo("miss");
        assertThat(again.header("Age")).as("an answer passed on as it came").isEqualTo("0");
        assertThat(seen("cached", "/nostore")).hasSize(2);
        assertThat(api().delete("/v1/cache/cached/nostore").then().statusCode(200).extract().<Integer>path("invalidated"))
                .isZero();
    }

    @Test
    void varyKeepsOneResponsePerRequestHeaderValue() {
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=600")
                .withHeader("Vary", "Accept-Language").withBody(Buffer.buffer("lang " + r.header("Accept-Language"))));
        assertThat(fetch("cached", "/vary", "Accept-Language", "de").body().asString()).isEqualTo("lang de");
        assertThat(fetch("cached", "/vary", "Accept-Language", "en").body().asString()).isEqualTo("lang en");
        Response de = fetch("cached", "/vary", "Accept-Language", "de");
        assertThat(de.header("Outpost-Cache")).isEqualTo("hit");
        assertThat(de.body().asString()).isEqualTo("lang de");
        Response en = fetch("cached", "/vary", "Accept-Language", "en");
        assertThat(en.header("Outpost-Cache")).isEqualTo("hit");
        assertThat(en.body().asString()).isEqualTo("lang en");
        assertThat(seen("cached", "/vary")).hasSize(2);
    }

    @Test
    void concurrentMissesMakeOneUpstreamRequest() {
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=600")
                .withBody(Buffer.buffer("shared")).after(500));
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 100)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(agent.resolve("/v1/routes/cached/fetch/herd"))
                        .header("Authorization", "Bearer test-token").build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();
        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(responses).extracting(HttpResponse::body).containsOnly("shared");
        assertThat(seen("cached", "/herd")).hasSize(1);
    }
}
