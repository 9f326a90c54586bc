package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactedUrlTest {

    @Test
    void hidesCredentials() {
        assertThat(RedactedUrl.of("https://user:secret@api.example.com/v1")).isEqualTo("https://***@api.example.com/v1");
    }

    @Test
    void hidesSecretLookingQueryValues() {
        assertThat(RedactedUrl.of("https://api.example.com/v1?region=eu&api_key=k123&X-Amz-Signature=ab12#top"))
                .isEqualTo("https://api.example.com/v1?region=eu&api_key=***&X-Amz-Signature=***#top");
        assertThat(RedactedUrl.of("https://h/p?access_token=t&Password=p&sessionId=s&mode=x"))
                .isEqualTo("https://h/p?access_token=***&Password=***&sessionId=***&mode=x");
    }

    @Test
    void leavesOtherUrlsAlone() {
        assertThat(RedactedUrl.of("https://api.example.com/v1?a=b@c")).isEqualTo("https://api.example.com/v1?a=b@c");
        assertThat(RedactedUrl.of("https://api.example.com/keys/token?page=2")).isEqualTo(
                "https://api.example.com/keys/token?page=2");
    }
}
