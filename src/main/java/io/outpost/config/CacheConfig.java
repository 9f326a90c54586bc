package io.outpost.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;

/** The read cache shared by all routes ({@code outpost.cache.*}); each route opts in or out on its own. */
public interface CacheConfig {

    /** The memory layer: the hot part of the cache, answered without touching the store. */
    Memory memory();

    /** The persistent layer: a table in the store that survives restarts and serves reads while offline. */
    Store store();

    /**
     * Largest upstream response body that is read through the cache; a bigger one is refused with 502,
     * since every answer is held in memory while it is served. Units: {@code K}, {@code M}.
     */
    @WithDefault("8M")
    MemorySize maxResponseSize();

    /** Bounds of the memory layer ({@code outpost.cache.memory.*}). */
    interface Memory {
        /** Most responses held in memory (0 or more); the least recently used go first when it is full. */
        @WithDefault("10000")
        int maxEntries();

        /** Most bytes (bodies plus headers) held in memory. */
        @WithDefault("32M")
        MemorySize maxBytes();
    }

    /** Bounds of the persistent layer ({@code outpost.cache.store.*}). */
    interface Store {
        /** Most bytes the stored responses take; the least recently used are removed past it. */
        @WithDefault("256M")
        MemorySize maxBytes();
    }
}
