package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocationsTest {

    private static final String BASE = "http://up.local:8080/base";

    private static String local(String location) {
        return Locations.forClient(location, "r", BASE, "/a/b?q=1");
    }

    @Test
    void aTargetBelowTheRouteBecomesItsFetchPath() {
        assertThat(local("/base/c?x=1")).isEqualTo("/v1/routes/r/fetch/c?x=1");
        assertThat(local("d")).as("relative to the fetched URL").isEqualTo("/v1/routes/r/fetch/a/d");
        assertThat(local("../e%2Fx")).isEqualTo("/v1/routes/r/fetch/e%2Fx");
        assertThat(local("HTTP://UP.local:8080/base/f")).isEqualTo("/v1/routes/r/fetch/f");
        assertThat(local("/base")).isEqualTo("/v1/routes/r/fetch");
        assertThat(local("?q=2")).as("a query-only reference keeps the path").isEqualTo("/v1/routes/r/fetch/a/b?q=2");
        assertThat(local("/base/x#part")).isEqualTo("/v1/routes/r/fetch/x#part");
        assertThat(local("/base/a/./c/../d")).isEqualTo("/v1/routes/r/fetch/a/d");
        assertThat(Locations.forClient("http://up/base/g", "r", "http://up:80/base/", "/")).isEqualTo("/v1/routes/r/fetch/g");
    }

    @Test
    void aTargetElsewhereIsMadeAbsoluteOrLeftAlone() {
        assertThat(local("/elsewhere")).isEqualTo("http://up.local:8080/elsewhere");
        assertThat(local("/base/../secret")).as("resolved before judged").isEqualTo("http://up.local:8080/secret");
        assertThat(local("/base/%2e%2e/secret")).isEqualTo("http://up.local:8080/base/%2e%2e/secret");
        assertThat(local("http://u:p@up.local:8080/base/x")).isEqualTo("http://u:p@up.local:8080/base/x");
        assertThat(local("/basement/x")).as("a longer name is not below").isEqualTo("http://up.local:8080/basement/x");
        assertThat(local("https://up.local:8080/base/x")).isEqualTo("https://up.local:8080/base/x");
        assertThat(local("http://cdn.example/base/x")).isEqualTo("http://cdn.example/base/x");
        assertThat(local("http://[broken")).isEqualTo("http://[broken");
        assertThat(Locations.forClient("/base/x", "r", "http://up/base?key=1", "/")).as("a base with a query")
                .isEqualTo("http://up/base/x");
    }
}
