package io.outpost.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.outpost.config.OutpostConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Memory first, then the store. A store hit is copied into memory; every new response goes into memory at
 * once and into the store behind the answer (the client does not wait for it), which is then trimmed to
 * its byte bound, least recently used first, a second after writes settle.
 */
@ApplicationScoped
public class CacheLayers {

    private static final Logger LOG = Logger.getLogger(CacheLayers.class);
    private static final long TRIM_DELAY_MS = 1000;
    private static final Duration STORE_WAIT = Duration.ofMillis(500);

    private final MemoryLayer memory;
    private final StoreLayer store;
    private final Vertx vertx;
    private final Clock clock;
    private final long storeMaxBytes;
    private volatile long storeBytes;
    private volatile long storeEvictions;
    private volatile boolean trimPending;
    private volatile long lastWarning;
    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    private volatile boolean touchPending;
    /** URLs whose store rows are being deleted: not read back from the store until the delete is done. */
    private final Map<String, Integer> removing = new ConcurrentHashMap<>();
    private final AtomicLong removals = new AtomicLong();

    CacheLayers(OutpostConfig config, Pool pool, Vertx vertx, Clock clock) {
        this.memory = new MemoryLayer(config.cache().memory().maxBytes().asLongValue(),
                config.cache().memory().maxEntries());
        this.store = new StoreLayer(pool);
        this.vertx = vertx;
        this.clock = clock;
        this.storeMaxBytes = config.cache().store().maxBytes().asLongValue();
    }

    void start(@Observes StartupEvent event) {
        trim();
    }

    /** The stored response that answers a request with these headers, or null. */
    Uni<StoredResponse> lookup(String route, String target, Function<String, List<String>> requestHeader) {
        List<StoredResponse> variants = memory.get(route, target);
        if (!variants.isEmpty()) {
            used(route, target);
            return Uni.createFrom().item(match(variants, requestHeader));
        }
        String key = MemoryLayer.key(route, target);
        if (removing.containsKey(key)) {
            return Uni.createFrom().nullItem();
        }
        long before = removals.get();
        // a store that does not answer must not hold up a read that the upstream can serve
        return store.load(route, target).ifNoItem().after(STORE_WAIT).fail().map(loaded -> {
            if (removals.get() != before) {
                return null; // a removal ran meanwhile: what was loaded may be gone, so not served nor kept
            }
            List<StoredResponse> meanwhile = memory.get(route, target);
            if (!meanwhile.isEmpty()) {
                // an upstream answer stored while the store was read (the fill this read missed, still in
                // flight when it looked at memory): it is the newest, and going upstream again would make a
                // second request for what readers at the same time share (CachedReadsTest, loaded machine)
                used(route, target);
                return match(meanwhile, requestHeader);
            }
            if (!loaded.isEmpty()) {
                memory.putIfAbsent(route, target, loaded);
                store.touch(route, target, clock.instant()).subscribe().with(v -> { }, this::writeFailed);
            }
            return match(loaded, requestHeader);
        }).onFailure().recoverWithItem(t -> {
            writeFailed(t);
            return null;
        });
    }

    void put(String route, String target, StoredResponse response) {
        memory.put(route, target, response);
        store.put(route, target, response).subscribe().with(v -> scheduleTrim(), this::writeFailed);
    }

    /**
     * Removes one URL's variants, every URL under a prefix, or (both null) the whole route: from memory at
     * once, from the store behind the writes queued before (a URL being deleted is a miss meanwhile).
     */
    Uni<Integer> remove(String route, String target, String prefix) {
        return Uni.createFrom().deferred(() -> {
            removals.incrementAndGet();
            int fromMemory;
            if (target != null) {
                fromMemory = memory.get(route, target).size();
                String key = MemoryLayer.key(route, target);
                removing.merge(key, 1, Integer::sum);
                memory.remove(route, target);
                return store.remove(route, target, null).map(rows -> Math.max(rows, fromMemory))
                        .onTermination().invoke(() -> removing.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1));
            }
            fromMemory = memory.removeIf(route, t -> prefix == null || t.startsWith(prefix));
            return store.remove(route, null, prefix).map(rows -> Math.max(rows, fromMemory));
        });
    }

    /**
     * Drops one URL's variants for an unsafe request (RFC 9111 4.4). Memory is cleared again once the
     * store's delete has run: a read that loaded the old rows from the store in between would otherwise
     * have put them back.
     */
    Uni<Void> invalidate(String route, String target) {
        memory.remove(route, target);
        return store.remove(route, target, null).invoke(() -> memory.remove(route, target)).replaceWithVoid();
    }

    long memoryBytes() {
        return memory.bytes();
    }

    long memoryEntries() {
        return memory.entries();
    }

    long memoryEvictions() {
        return memory.evictions();
    }

    long storeBytes() {
        return storeBytes;
    }

    long storeEvictions() {
        return storeEvictions;
    }

    /** Runs Caffeine's pending maintenance, so that bounds and counts are exact (for tests and metrics). */
    void settle() {
        memory.cleanUp();
    }

    private static StoredResponse match(List<StoredResponse> variants, Function<String, List<String>> requestHeader) {
        for (StoredResponse v : variants) {
            if (Variants.keyFor(v, requestHeader).equals(v.variant())) {
                return v;
            }
        }
        return null;
    }

    /**
     * Records a memory hit for the store's LRU, written in one statement a second later: without it, a
     * response served from memory for days would look unused to the store, and be the first one trimmed,
     * so a device restarted while offline would lose exactly what it reads most.
     */
    private void used(String route, String target) {
        if (touched.add(MemoryLayer.key(route, target)) && !touchPending) {
            touchPending = true;
            vertx.setTimer(TRIM_DELAY_MS, id -> {
                touchPending = false;
                List<String> keys = List.copyOf(touched);
                touched.removeAll(keys);
                store.touchAll(keys, clock.instant()).subscribe().with(v -> { }, this::writeFailed);
            });
        }
    }

    private void scheduleTrim() {
        if (!trimPending) {
            trimPending = true;
            vertx.setTimer(TRIM_DELAY_MS, id -> trim());
        }
    }

    private void trim() {
        trimPending = false;
        store.trim(storeMaxBytes).subscribe().with(result -> {
            storeEvictions += result[0];
            storeBytes = result[1];
        }, this::writeFailed);
    }

    /** With the store away, reads go upstream and the memory layer serves: worth a warning a minute. */
    private void writeFailed(Throwable t) {
        long now = System.nanoTime();
        if (now - lastWarning > 60_000_000_000L || lastWarning == 0) {
            lastWarning = now;
            LOG.warnf("Cache store operation failed (further failures within a minute not logged): %s", t.toString());
        }
    }

    /** Lets the writes behind recent answers land before the store stops, so a restart finds them. */
    @PreDestroy
    void stop() {
        try {
            store.flush().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("Cache writes not flushed at shutdown: %s", e.toString());
        }
    }
}
