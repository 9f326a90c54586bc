package io.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigValidationException;

/** Stream settings that constraints cannot express stop start-up with a message naming the key. */
class StreamConfigChecksTest {

    private static OutpostConfig config(Map<String, String> streamKeys) {
        Map<String, String> props = new HashMap<>();
        props.put("outpost.routes.feed.url", "http://127.0.0.1:9/");
        streamKeys.forEach((k, v) -> props.put("outpost.streams." + k, v));
        return Configs.build(props);
    }

    private static void rejected(Map<String, String> keys, String message) {
        assertThatThrownBy(() -> config(keys)).isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        StreamConfig s = config(Map.of("p.url", "wss://feed.test/v1")).streams().get("p");
        assertThat(s.transport()).isEqualTo(StreamConfig.Transport.WEBSOCKET);
        assertThat(s.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.reconnect().initialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.reconnect().maxDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.fallbackAfter()).isEqualTo(3);
        assertThat(s.retention()).isEqualTo(100_000);
        assertThat(s.fallbackUrl()).isEmpty();
        assertThat(s.route()).isEqualTo(Optional.empty());
        assertThat(s.reconnect().rejectedDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.poll().cursorParam()).isEqualTo("cursor");
        assertThat(s.poll().format()).isEqualTo(StreamConfig.PollFormat.AUTO);
        assertThat(s.poll().idField()).isEqualTo("id");
        assertThat(config(Map.of("q.url", "http://x.test/p", "q.transport", "long-poll")).streams().get("q")
                .transport()).isEqualTo(StreamConfig.Transport.LONG_POLL);
        assertThat(config(Map.of("h.url", "https://x.test/events")).streams().get("h").transport())
                .as("an http(s) URL without a transport").isEqualTo(StreamConfig.Transport.SSE);
    }

    @Test
    void badSettingsNameTheirKey() {
        rejected(Map.of("p.url", "http://feed.test/", "p.transport", "websocket"),
                "outpost.streams.p.url: must be an absolute ws:// or wss://");
        rejected(Map.of("p.url", "wss://feed.test/", "p.transport", "sse"), "outpost.streams.p.url");
        rejected(Map.of("p.url", "wss://feed.test/", "p.fallback-url", "ftp://x"), "outpost.streams.p.fallback-url");
        rejected(Map.of("p.url", "wss://feed.test/", "p.heartbeat-timeout", "10s"),
                "outpost.streams.p.heartbeat-timeout: must exceed heartbeat-interval");
        rejected(Map.of("p.url", "wss://feed.test/", "p.reconnect.initial-delay", "2m"),
                "outpost.streams.p.reconnect.initial-delay");
        rejected(Map.of("p.url", "wss://feed.test/", "p.reconnect.rejected-delay", "0s"),
                "outpost.streams.p.reconnect.rejected-delay: must be positive");
        rejected(Map.of("p.url", "http://feed.test/", "p.transport", "long-poll", "p.poll.cursor-param", "a b"),
                "outpost.streams.p.poll.cursor-param: must be 1-64");
        rejected(Map.of("p.url", "http://feed.test/", "p.transport", "long-poll", "p.poll.cursor-param", "x&y=1"),
                "outpost.streams.p.poll.cursor-param");
        rejected(Map.of("p.url", "http://feed.test/", "p.transport", "long-poll", "p.poll.id-field", " "),
                "outpost.streams.p.poll.id-field: must be 1-64 characters");
        assertThatThrownBy(() -> config(Map.of("p.url", "http://feed.test/", "p.poll.format", "xml")))
                .hasMessageContaining("outpost.streams.p.poll.format");
        StreamConfig.Poll poll = config(Map.of("p.url", "http://feed.test/", "p.transport", "long-poll",
                "p.poll.cursor-param", "since", "p.poll.format", "json-array", "p.poll.id-field", "seq"))
                .streams().get("p").poll();
        assertThat(poll.cursorParam()).isEqualTo("since");
        assertThat(poll.format()).isEqualTo(StreamConfig.PollFormat.JSON_ARRAY);
        assertThat(poll.idField()).isEqualTo("seq");
        rejected(Map.of("p.url", "wss://feed.test/", "p.route", "nope"),
                "outpost.streams.p.route: no route named 'nope'");
        rejected(Map.of("bad name!.url", "wss://feed.test/"), "a stream name must be");
        assertThat(config(Map.of("p.url", "wss://feed.test/", "p.route", "feed")).streams()).containsOnlyKeys("p");
    }
}
