package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllowedMethodsTest {

    @Test
    void pathsGetTheMethodsTheirResourcesDeclare() {
        assertThat(AllowedMethods.of("/v1/transfers")).containsExactly("GET", "HEAD", "OPTIONS", "POST");
        assertThat(AllowedMethods.of("/v1/transfers/abc")).containsExactly("DELETE", "GET", "HEAD", "OPTIONS");
        assertThat(AllowedMethods.of("/v1/messages/abc/retry")).containsExactly("OPTIONS", "POST");
        assertThat(AllowedMethods.of("/v1/cache/files/a/b/c")).contains("DELETE");
        assertThat(AllowedMethods.of("/v1/nothing")).isEmpty();
    }
}
