package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DotSegmentsTest {

    @Test
    void dotSegmentsAreFoundBehindAnySeparator() {
        for (String path : new String[] { "..", "/..", "/a/../b", "./x", "/a/.", "/..%2fb", "/a%2F..%2Fb", "/%2e%2E",
                "/a/%2e%5cb", "/a\\\\..\\\\b", "/a/..?q=1" }) {
            assertThat(DotSegments.in(path)).as(path).isTrue();
        }
    }

    @Test
    void dotsInsideANameOrInTheQueryAreNotSegments() {
        for (String path : new String[] { "", "/", "/a..b", "/a/..b", "/a/b..", "/...", "/a%2f.b", "/x?path=../..",
                "/v1.2/x", "/%2e%2e%2e" }) {
            assertThat(DotSegments.in(path)).as(path).isFalse();
        }
    }
}
