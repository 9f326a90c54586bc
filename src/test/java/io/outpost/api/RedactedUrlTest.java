package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactedUrlTest {

    @Test
    void hidesCredentials() {
        assertThat(RedactedUrl.of("https://user:secret@api.example.com/v1")).isEqualTo("https://***@api.example.com/v1");
    }

    @Test
    void leavesOtherUrlsAlone() {
        assertThat(RedactedUrl.of("https://api.example.com/v1?a=b@c")).isEqualTo("https://api.example.com/v1?a=b@c");
    }
}
