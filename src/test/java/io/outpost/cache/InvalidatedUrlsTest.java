package io.outpost.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.outpost.cache.InvalidatedUrls.Key;
import io.outpost.config.RouteUrl;
import io.vertx.core.http.HttpMethod;

/** Which stored URLs an unsafe request's answer invalidates: the inverse of a route's URL join, and the origin rule. */
class InvalidatedUrlsTest {

    private final InvalidatedUrls urls = new InvalidatedUrls(Map.of(
            "api", URI.create("http://up.test:8080/api"),
            "root", URI.create("http://UP.test:8080/"),
            "keyed", URI.create("http://up.test:8080/k?tenant=7"),
            "other", URI.create("http://other.test:8080/api")));

    @Test
    void onlyUnsafeMethodsWithANonErrorAnswerInvalidate() {
        assertThat(InvalidatedUrls.invalidates(HttpMethod.POST, 201)).isTrue();
        assertThat(InvalidatedUrls.invalidates(HttpMethod.DELETE, 303)).isTrue();
        assertThat(InvalidatedUrls.invalidates(HttpMethod.PUT, 409)).isFalse();
        assertThat(InvalidatedUrls.invalidates(HttpMethod.PATCH, 500)).isFalse();
        assertThat(InvalidatedUrls.invalidates(HttpMethod.GET, 200)).isFalse();
        assertThat(InvalidatedUrls.invalidates(HttpMethod.OPTIONS, 200)).isFalse();
    }

    @Test
    void theRequestUrlIsFoundOnEveryRouteItLiesUnder() {
        assertThat(urls.of(RouteUrl.join("http://up.test:8080/api", "/items/1?x=1"), List.of()))
                .containsExactlyInAnyOrder(new Key("api", "/items/1?x=1"), new Key("root", "/api/items/1?x=1"));
        assertThat(urls.of("http://up.test:8080/apix/1", List.of())).containsExactly(new Key("root", "/apix/1"));
        assertThat(urls.of(RouteUrl.join("http://up.test:8080/k?tenant=7", "/a?b=2"), List.of()))
                .contains(new Key("keyed", "/a?b=2"));
        assertThat(urls.of("http://up.test:8080/k/a?tenant=8", List.of())).doesNotContain(new Key("keyed", "/a"));
    }

    @Test
    void locationsOnTheSameOriginCountOthersDoNot() {
        assertThat(urls.of("http://up.test:8080/api/items", List.of("/api/items/9", "http://up.test:8080/api/c",
                "http://other.test:8080/api/x", "https://up.test:8080/api/y", "::not a url")))
                .contains(new Key("api", "/items"), new Key("api", "/items/9"), new Key("api", "/c"))
                .noneMatch(k -> k.route().equals("other") || k.target().endsWith("/x") || k.target().endsWith("/y"));
        assertThat(urls.of("http://up.test/api", List.of())).as("port 80 is not 8080").isEmpty();
    }
}
