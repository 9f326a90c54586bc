package io.outpost.cache;

import static io.outpost.cache.CacheCalls.fetch;
import static io.outpost.cache.CacheCalls.seen;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.outpost.testing.UpstreamResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.buffer.Buffer;

/**
 * Defects the public HTTP-cache test suite (src/test/conformance) found, each against a real local upstream,
 * so that they stay fixed without running the suite.
 */
@QuarkusTest
@WithTestResource(value = UpstreamResource.class, scope = TestResourceScope.GLOBAL)
class CacheConformanceTest {

    private final TestUpstream upstream = TestUpstream.shared();

    /** cache-tests headers-omit-headers-listed-in-Cache-Control-no-cache(-single). */
    @Test
    void fieldsNamedByNoCacheReachTheFirstAnswerButAreNotReused() {
        upstream.behave("cached", (r, n) -> Reply.status(200)
                .withHeader("Cache-Control", "no-cache=\"a, b\", max-age=3600")
                .withHeader("a", "1").withHeader("b", "2").withHeader("c", "3").withBody(Buffer.buffer("listed")));
        Response miss = fetch("cached", "/no-cache-fields");
        assertThat(miss.header("Outpost-Cache")).isEqualTo("miss");
        assertThat(miss.header("a")).as("the answer that brought it").isEqualTo("1");
        assertThat(miss.header("b")).isEqualTo("2");
        assertThat(miss.header("c")).isEqualTo("3");
        Response hit = fetch("cached", "/no-cache-fields");
        assertThat(hit.header("Outpost-Cache")).isEqualTo("hit");
        assertThat(hit.header("a")).as("reused without revalidation").isNull();
        assertThat(hit.header("b")).isNull();
        assertThat(hit.header("c")).isEqualTo("3");
        assertThat(hit.body().asString()).isEqualTo("listed");
        assertThat(seen("cached", "/no-cache-fields")).hasSize(1);
    }
}
