package io.outpost.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

/**
 * The hot layer: each cached URL's variants, held in Caffeine and bounded by bytes and by count at once.
 * Caffeine bounds one weight, so every entry weighs at least {@code maxBytes / maxEntries}: the bytes
 * bound then also caps the count, and a flood of tiny responses cannot hold more than
 * {@code maxEntries} keys.
 */
final class MemoryLayer {

    private final Cache<String, List<StoredResponse>> cache;
    private final AtomicLong evictions = new AtomicLong();

    MemoryLayer(long maxBytes, int maxEntries) {
        // rounded up, so that maxEntries floors never fit in maxBytes with room for one more
        int floor = maxEntries <= 0 ? Integer.MAX_VALUE
                : (int) Math.min(Integer.MAX_VALUE, Math.max(1, (maxBytes + maxEntries - 1) / maxEntries));
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxEntries <= 0 ? 0 : maxBytes)
                .<String, List<StoredResponse>>weigher((key, variants) -> Math.max(floor, weight(key, variants)))
                .removalListener((key, value, cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        evictions.incrementAndGet();
                    }
                })
                .executor(Runnable::run)
                .build();
    }

    static String key(String route, String target) {
        return route + '\u0000' + target;
    }

    /** The variants stored for a URL (empty when none). */
    List<StoredResponse> get(String route, String target) {
        List<StoredResponse> variants = cache.getIfPresent(key(route, target));
        return variants == null ? List.of() : variants;
    }

    /** Stores a response, replacing the variant it is a new version of. */
    void put(String route, String target, StoredResponse response) {
        cache.asMap().compute(key(route, target), (k, old) -> {
            List<StoredResponse> variants = new ArrayList<>(old == null ? 1 : old.size() + 1);
            if (old != null) {
                old.stream().filter(v -> !v.variant().equals(response.variant())).forEach(variants::add);
            }
            variants.add(response);
            return List.copyOf(variants);
        });
    }

    /** Puts the variants loaded from the store, unless a newer write got there first. */
    void putIfAbsent(String route, String target, List<StoredResponse> variants) {
        if (!variants.isEmpty()) {
            cache.asMap().putIfAbsent(key(route, target), List.copyOf(variants));
        }
    }

    /** Removes a URL's variants. */
    void remove(String route, String target) {
        cache.invalidate(key(route, target));
    }

    /** Removes every URL of the route whose target the test accepts; how many URLs it removed. */
    int removeIf(String route, Predicate<String> target) {
        String prefix = route + '\u0000';
        int[] removed = { 0 };
        cache.asMap().keySet().removeIf(k -> {
            boolean match = k.startsWith(prefix) && target.test(k.substring(prefix.length()));
            if (match) {
                removed[0]++;
            }
            return match;
        });
        return removed[0];
    }

    long entries() {
        return cache.estimatedSize();
    }

    long bytes() {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    long evictions() {
        return evictions.get();
    }

    void cleanUp() {
        cache.cleanUp();
    }

    private static int weight(String key, List<StoredResponse> variants) {
        long w = key.length();
        for (StoredResponse v : variants) {
            w += v.weight();
        }
        return (int) Math.min(Integer.MAX_VALUE, w);
    }
}
