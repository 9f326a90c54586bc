package io.outpost.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** The memory layer's bounds, variants and prefix removal. */
class MemoryLayerTest {

    private static StoredResponse response(int bodyBytes, String variant) {
        return new StoredResponse(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(new byte[bodyBytes]),
                Instant.EPOCH, Instant.EPOCH, variant);
    }

    @Test
    void countBoundHoldsForManySmallEntries() {
        MemoryLayer memory = new MemoryLayer(1_000_000, 100);
        for (int i = 0; i < 10_000; i++) {
            memory.put("r", "/k/" + i, response(10, ""));
        }
        memory.cleanUp();
        assertThat(memory.entries()).isLessThanOrEqualTo(100);
        assertThat(memory.bytes()).isLessThanOrEqualTo(1_000_000);
        assertThat(memory.evictions()).isGreaterThanOrEqualTo(9_900);
    }

    @Test
    void theDefaultBoundsHoldUnderTwentyThousandKeys() {
        MemoryLayer memory = new MemoryLayer(32L * 1024 * 1024, 10_000);
        for (int i = 0; i < 20_000; i++) {
            memory.put("r", "/item/" + i, response(500, ""));
        }
        memory.cleanUp();
        assertThat(memory.entries()).isLessThanOrEqualTo(10_000).isGreaterThan(9_000);
        assertThat(memory.bytes()).isLessThanOrEqualTo(32L * 1024 * 1024);
    }

    @Test
    void byteBoundHoldsForLargeEntries() {
        MemoryLayer memory = new MemoryLayer(1_000_000, 10_000);
        for (int i = 0; i < 100; i++) {
            memory.put("r", "/big/" + i, response(100_000, ""));
        }
        memory.cleanUp();
        assertThat(memory.bytes()).isLessThanOrEqualTo(1_000_000);
        assertThat(memory.entries()).isLessThanOrEqualTo(10);
    }

    @Test
    void variantsOfOneUrlReplaceOnlyTheirOwn() {
        MemoryLayer memory = new MemoryLayer(1_000_000, 100);
        memory.put("r", "/x", response(1, "accept=a\n"));
        memory.put("r", "/x", response(2, "accept=b\n"));
        memory.put("r", "/x", response(3, "accept=a\n"));
        assertThat(memory.get("r", "/x")).extracting(v -> v.body().length()).containsExactlyInAnyOrder(2, 3);
    }

    @Test
    void prefixRemovalTakesExactlyTheMatchingUrlsOfTheRoute() {
        MemoryLayer memory = new MemoryLayer(1_000_000, 100);
        for (String t : new String[] { "/a/b", "/a/b/c", "/a/bc", "/a/x", "/b" }) {
            memory.put("r", t, response(1, ""));
        }
        memory.put("other", "/a/b", response(1, ""));
        assertThat(memory.removeIf("r", t -> t.startsWith("/a/b/"))).isEqualTo(1);
        assertThat(memory.get("r", "/a/b/c")).isEmpty();
        assertThat(memory.get("r", "/a/b")).hasSize(1);
        assertThat(memory.get("other", "/a/b")).hasSize(1);
    }
}
