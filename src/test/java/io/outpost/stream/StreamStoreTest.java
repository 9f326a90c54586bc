package io.outpost.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestDatabase;

/** The streams' SQL against a real PostgreSQL with the agent's migrations. */
class StreamStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final StreamStore.Holder ALONE = new StreamStore.Holder("test", true, false);

    private final StreamStore store = new StreamStore(TestDatabase.shared().pool());
    private final String stream = "s-" + UUID.randomUUID();

    @Test
    void eventsAreNumberedPerStreamAndTheResumePointMovesWithThem() {
        assertThat(store.open(stream).await().atMost(WAIT)).isEqualTo(new StreamStore.Position(0, null, null, null));
        long last = store.append(stream, List.of(new Incoming("a", null, "1"), new Incoming("b", "tick", "2\n2")),
                NOW, "b", null, ALONE).await().atMost(WAIT);
        assertThat(last).isEqualTo(2);
        last = store.append(stream, List.of(new Incoming(null, null, "3")), NOW, null, "c-9", ALONE).await()
                .atMost(WAIT);
        assertThat(last).isEqualTo(3);
        assertThat(store.open(stream).await().atMost(WAIT)).isEqualTo(new StreamStore.Position(3, "b", "c-9", NOW));
        List<StoredEvent> events = store.after(stream, 0, 10).await().atMost(WAIT);
        assertThat(events).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(events.get(1)).isEqualTo(new StoredEvent(2, "b", "tick", "2\n2", NOW));
        assertThat(store.after(stream, 1, 1).await().atMost(WAIT)).extracting(StoredEvent::seq).containsExactly(2L);
        String other = stream + "-other";
        store.open(other).await().atMost(WAIT);
        assertThat(store.append(other, List.of(new Incoming(null, null, "x")), NOW, null, null, ALONE).await()
                .atMost(WAIT)).isEqualTo(1);
    }

    @Test
    void aCursorOnlyAppendStoresNoEvent() {
        store.open(stream).await().atMost(WAIT);
        assertThat(store.append(stream, List.of(), NOW, null, "next", ALONE).await().atMost(WAIT)).isZero();
        assertThat(store.open(stream).await().atMost(WAIT).pollCursor()).isEqualTo("next");
        assertThat(store.after(stream, 0, 10).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void retentionKeepsTheNewestEvents() {
        store.open(stream).await().atMost(WAIT);
        for (int i = 0; i < 3; i++) {
            store.append(stream, IntStream.range(0, 4000)
                    .mapToObj(n -> new Incoming(null, null, "e")).toList(), NOW, null, null, ALONE).await().atMost(WAIT);
        }
        assertThat(store.trim(stream, 5500).await().atMost(WAIT)).isEqualTo(6500);
        List<StoredEvent> kept = store.after(stream, 0, 1).await().atMost(WAIT);
        assertThat(kept).extracting(StoredEvent::seq).containsExactly(6501L);
        assertThat(store.trim(stream, 5500).await().atMost(WAIT)).isZero();
    }

    @Test
    void outgoingFramesComeBackInOrderUntilSentAndKeepARecord() {
        for (int i = 1; i <= 3; i++) {
            assertThat(store.enqueue(stream, ("f" + i).getBytes(StandardCharsets.UTF_8), i == 3, null, NOW)
                    .await().atMost(WAIT).created()).isTrue();
        }
        List<StreamStore.Outgoing> frames = store.outgoing(stream, 2).await().atMost(WAIT);
        assertThat(frames).extracting(f -> new String(f.payload(), StandardCharsets.UTF_8)).containsExactly("f1", "f2");
        Instant later = NOW.plusSeconds(5);
        assertThat(store.sent(stream, frames.get(1).seq(), later).await().atMost(WAIT)).isEqualTo(2);
        assertThat(store.sent(stream, frames.get(1).seq(), later).await().atMost(WAIT)).isZero();
        List<StreamStore.Outgoing> left = store.outgoing(stream, 10).await().atMost(WAIT);
        assertThat(left).hasSize(1);
        assertThat(left.get(0).binary()).isTrue();
        assertThat(store.frame(stream, frames.get(0).seq()).await().atMost(WAIT)).contains(
                new StreamStore.Frame(frames.get(0).seq(), stream, NOW, later, false));
        assertThat(store.frame(stream, left.get(0).seq()).await().atMost(WAIT).orElseThrow().sentAt()).isNull();

        assertThat(store.forgetSent(stream, later).await().atMost(WAIT)).isZero();
        assertThat(store.forgetSent(stream, later.plusMillis(1)).await().atMost(WAIT)).isEqualTo(2);
        assertThat(store.frame(stream, frames.get(0).seq()).await().atMost(WAIT)).isEmpty();
        assertThat(store.outgoing(stream, 10).await().atMost(WAIT)).hasSize(1);
    }

    @Test
    void aKeyUsedBeforeOnTheStreamStoresNothing() {
        StreamStore.Frame first = store.enqueue(stream, bytes("a"), false, "k-1", NOW).await().atMost(WAIT);
        StreamStore.Frame again = store.enqueue(stream, bytes("b"), false, "k-1", NOW.plusSeconds(1))
                .await().atMost(WAIT);
        assertThat(again).isEqualTo(new StreamStore.Frame(first.id(), stream, NOW, null, false));
        assertThat(store.enqueue(stream + "-other", bytes("c"), false, "k-1", NOW).await().atMost(WAIT).created())
                .isTrue();
        assertThat(store.outgoing(stream, 10).await().atMost(WAIT))
                .extracting(f -> new String(f.payload(), StandardCharsets.UTF_8)).containsExactly("a");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
