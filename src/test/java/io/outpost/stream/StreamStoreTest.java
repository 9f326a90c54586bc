package io.outpost.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestDatabase;

/** The streams' SQL against a real PostgreSQL with the agent's migrations. */
class StreamStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final StreamStore store = new StreamStore(TestDatabase.shared().pool());
    private final String stream = "s-" + UUID.randomUUID();

    @Test
    void eventsAreNumberedPerStreamAndTheResumePointMovesWithThem() {
        assertThat(store.open(stream).await().atMost(WAIT)).isEqualTo(new StreamStore.Position(0, null, null));
        long last = store.append(stream, List.of(new Incoming("a", null, "1"), new Incoming("b", "tick", "2\n2")),
                NOW, "b", null).await().atMost(WAIT);
        assertThat(last).isEqualTo(2);
        last = store.append(stream, List.of(new Incoming(null, null, "3")), NOW, null, "c-9").await().atMost(WAIT);
        assertThat(last).isEqualTo(3);
        assertThat(store.open(stream).await().atMost(WAIT)).isEqualTo(new StreamStore.Position(3, "b", "c-9"));
        List<StoredEvent> events = store.after(stream, 0, 10).await().atMost(WAIT);
        assertThat(events).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(events.get(1)).isEqualTo(new StoredEvent(2, "b", "tick", "2\n2", NOW));
        assertThat(store.after(stream, 1, 1).await().atMost(WAIT)).extracting(StoredEvent::seq).containsExactly(2L);
        String other = stream + "-other";
        store.open(other).await().atMost(WAIT);
        assertThat(store.append(other, List.of(new Incoming(null, null, "x")), NOW, null, null).await().atMost(WAIT))
                .isEqualTo(1);
    }

    @Test
    void aCursorOnlyAppendStoresNoEvent() {
        store.open(stream).await().atMost(WAIT);
        assertThat(store.append(stream, List.of(), NOW, null, "next").await().atMost(WAIT)).isZero();
        assertThat(store.open(stream).await().atMost(WAIT).pollCursor()).isEqualTo("next");
        assertThat(store.after(stream, 0, 10).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void retentionKeepsTheNewestEvents() {
        store.open(stream).await().atMost(WAIT);
        for (int i = 0; i < 3; i++) {
            store.append(stream, java.util.stream.IntStream.range(0, 4000)
                    .mapToObj(n -> new Incoming(null, null, "e")).toList(), NOW, null, null).await().atMost(WAIT);
        }
        assertThat(store.trim(stream, 5500).await().atMost(WAIT)).isEqualTo(6500);
        List<StoredEvent> kept = store.after(stream, 0, 1).await().atMost(WAIT);
        assertThat(kept).extracting(StoredEvent::seq).containsExactly(6501L);
        assertThat(store.trim(stream, 5500).await().atMost(WAIT)).isZero();
    }

    @Test
    void outgoingFramesComeBackInOrderUntilSent() {
        for (int i = 1; i <= 3; i++) {
            store.enqueue(stream, ("f" + i).getBytes(StandardCharsets.UTF_8), i == 3, NOW).await().atMost(WAIT);
        }
        List<StreamStore.Outgoing> frames = store.outgoing(stream, 2).await().atMost(WAIT);
        assertThat(frames).extracting(f -> new String(f.payload(), StandardCharsets.UTF_8)).containsExactly("f1", "f2");
        assertThat(store.sent(stream, frames.get(1).seq()).await().atMost(WAIT)).isEqualTo(2);
        frames = store.outgoing(stream, 10).await().atMost(WAIT);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).binary()).isTrue();
    }
}
