package io.outpost.cache;

import static io.outpost.cache.CacheCalls.fetch;
import static io.outpost.cache.CacheCalls.seen;
import static io.outpost.testing.Agent.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.outpost.testing.Metrics;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.outpost.testing.UpstreamResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.core.buffer.Buffer;

/** Cached reads when the upstream fails, invalidation, limits and metrics, against a real local upstream. */
@QuarkusTest
@WithTestResource(value = UpstreamResource.class, scope = TestResourceScope.GLOBAL)
class CacheFailuresTest {

    private final TestUpstream upstream = TestUpstream.shared();

    @Test
    void aResponseOverTheSizeLimitIsA502() {
        upstream.behave("cached", (r, n) -> Reply.status(200).withBody(Buffer.buffer(new byte[1024 * 1024 + 1])));
        Response r = fetch("cached", "/huge");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.contentType()).startsWith("application/problem+json");
        upstream.behave("cached", (q, n) -> Reply.status(200).withBody(Buffer.buffer(new byte[1024 * 1024])));
        assertThat(fetch("cached", "/limit").statusCode()).isEqualTo(200);
    }

    @Test
    void prefixInvalidationRemovesExactlyTheMatchingEntries() {
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=600")
                .withBody(Buffer.buffer(r.path())));
        List<String> under = List.of("/p/a/b", "/p/a/b/c", "/p/a/bc?x=1");
        List<String> outside = List.of("/p/a/x", "/p/b", "/q/p/a/b");
        under.forEach(p -> fetch("cached", p));
        outside.forEach(p -> fetch("cached", p));
        int removed = api().queryParam("prefix", "/p/a/b").delete("/v1/cache/cached").then().statusCode(200)
                .extract().path("invalidated");
        assertThat(removed).isEqualTo(3);
        under.forEach(p -> assertThat(fetch("cached", p).header("Outpost-Cache")).as(p).isEqualTo("miss"));
        outside.forEach(p -> assertThat(fetch("cached", p).header("Outpost-Cache")).as(p).isEqualTo("hit"));
        assertThat(api().delete("/v1/cache/cached/p/b").then().statusCode(200).extract().<Integer>path("invalidated"))
                .isEqualTo(1);
        assertThat(fetch("cached", "/p/b").header("Outpost-Cache")).isEqualTo("miss");
        int all = api().delete("/v1/cache/cached").then().statusCode(200).extract().path("invalidated");
        assertThat(all).isGreaterThanOrEqualTo(under.size() + outside.size());
        outside.forEach(p -> assertThat(fetch("cached", p).header("Outpost-Cache")).as(p).isEqualTo("miss"));
    }

    @Test
    void aStoppedUpstreamIsStoodInForByTheStoredResponse() {
        TestUpstream.Switchable switchable = TestUpstream.switchable("cachedown");
        switchable.up().behave("cachedown", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=0")
                .withBody(Buffer.buffer("last known")));
        try {
            assertThat(fetch("cachedown", "/state").header("Outpost-Cache")).isEqualTo("miss");
            switchable.down();
            Response stale = fetch("cachedown", "/state");
            assertThat(stale.statusCode()).isEqualTo(200);
            assertThat(stale.header("Outpost-Cache")).isEqualTo("stale");
            assertThat(stale.body().asString()).isEqualTo("last known");
            Response nothing = fetch("cachedown", "/never-fetched");
            assertThat(nothing.statusCode()).isEqualTo(504);
            assertThat(nothing.contentType()).startsWith("application/problem+json");
            assertThat(nothing.jsonPath().getString("detail")).contains("no usable response is stored");
        } finally {
            switchable.up();
        }
    }

    @Test
    void serverErrorsServeStaleOrPassTheUpstreamsAnswerOn() {
        // good until the upstream starts failing below (not by request count: a probe may come in between)
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=0")
                .withBody(Buffer.buffer("good")));
        assertThat(fetch("cached", "/flaky").header("Outpost-Cache")).isEqualTo("miss");
        upstream.behave("cached", (r, n) -> Reply.status(503));
        Response stale = fetch("cached", "/flaky");
        assertThat(stale.header("Outpost-Cache")).isEqualTo("stale");
        assertThat(stale.body().asString()).isEqualTo("good");
        Response failing = fetch("cached", "/flaky-unknown"); // nothing stored: the upstream's own answer
        assertThat(failing.statusCode()).isEqualTo(503);
        assertThat(failing.header("Outpost-Error")).isNull();
    }

    @Test
    void aRouteWithTheCacheOffPassesEverythingThrough() {
        upstream.behave("uncached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=600")
                .withBody(Buffer.buffer("n" + n)));
        fetch("uncached", "/a");
        Response second = fetch("uncached", "/a");
        assertThat(second.header("Outpost-Cache")).isEqualTo("miss");
        assertThat(second.header("Age")).isEqualTo("0");
        assertThat(seen("uncached", "/a")).hasSize(2);

        upstream.behave("uncached", (r, n) -> Reply.status(503));
        Response failing = fetch("uncached", "/a");
        assertThat(failing.statusCode()).as("failing, nothing stored: the upstream's answer").isEqualTo(503);
        assertThat(failing.header("Outpost-Error")).isNull();
    }

    @Test
    void badRequestsGetProblems() {
        assertThat(fetch("nope", "/x").statusCode()).isEqualTo(404);
        api().delete("/v1/cache/nope").then().statusCode(404).contentType("application/problem+json");
        api().queryParam("prefix", "no-slash").delete("/v1/cache/cached").then().statusCode(400)
                .contentType("application/problem+json");
        RestAssured.given().get("/v1/routes/cached/fetch/x").then().statusCode(401);
    }

    @Test
    void aRedirectBelowTheRouteIsFollowedThroughTheAgent() {
        upstream.behave("cached", (r, n) -> r.path().endsWith("/old")
                ? Reply.status(301).withHeader("Location", "/cached/new?v=2").withHeader("Cache-Control", "max-age=600")
                : Reply.status(200).withBody(Buffer.buffer("new")));
        for (int i = 0; i < 2; i++) { // passed on, then served from the cache: both rewritten
            Response moved = api().redirects().follow(false).get("/v1/routes/cached/fetch/old");
            assertThat(moved.statusCode()).isEqualTo(301);
            assertThat(moved.header("Location")).isEqualTo("/v1/routes/cached/fetch/new?v=2");
        }
        assertThat(api().get("/v1/routes/cached/fetch/old").body().asString()).as("followed").isEqualTo("new");
    }

    @Test
    void anInvalidationWithAMisspeltOrBadPrefixRemovesNothing() {
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=600"));
        fetch("cached", "/kept/a");
        for (String[] param : new String[][] { { "prefx", "/kept" }, { "prefix", "" }, { "prefix", "/\u0000" },
                { "prefix", "/kept\n" } }) {
            api().queryParam(param[0], param[1]).delete("/v1/cache/cached").then().statusCode(400)
                    .contentType("application/problem+json").body("invalid-params[0].name", equalTo(param[0]));
        }
        api().queryParam("prefix", "/zz", "/kept").delete("/v1/cache/cached").then().statusCode(400)
                .body("invalid-params[0].name", equalTo("prefix"));
        assertThat(fetch("cached", "/kept/a").header("Outpost-Cache")).isEqualTo("hit");
    }

    @Test
    void metricsCountHitsAndMisses() {
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=600"));
        fetch("cached", "/metered");
        fetch("cached", "/metered");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String metrics = Metrics.scrape().text();
            assertThat(metrics).containsPattern("outpost_cache_requests_total\\{[^}]*result=\"hit\"[^}]*route=\"cached\"");
            assertThat(metrics).containsPattern("outpost_cache_bytes\\{layer=\"store\"[^}]*\\} [1-9]");
            assertThat(metrics).contains("outpost_cache_evictions_total{layer=\"memory\"");
        });
    }
}
