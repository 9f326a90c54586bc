package io.outpost.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SameServerTest {

    @Test
    void hostAndEffectivePortDecideWebSocketSchemesCountAsHttp() {
        assertThat(SameServer.of("wss://feed.example.com/v2/prices", "https://feed.example.com/api")).isTrue();
        assertThat(SameServer.of("ws://FEED.example.com:80/x", "http://feed.example.com/")).isTrue();
        assertThat(SameServer.of("https://feed.example.com:8443/sse", "https://feed.example.com/")).isFalse();
        assertThat(SameServer.of("wss://stream.example.com/", "https://api.example.com/")).isFalse();
        assertThat(SameServer.of("ws://127.0.0.1:18213/ws", "http://127.0.0.1:18212/in")).isFalse();
        assertThat(SameServer.of("not a url", "http://x/")).isFalse();
    }
}
