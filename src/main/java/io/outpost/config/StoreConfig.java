package io.outpost.config;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/**
 * The outbox database ({@code outpost.store.*}). By default the agent runs its own PostgreSQL under
 * {@code outpost.data-dir}; setting {@code quarkus.datasource.reactive.url} switches to an external one.
 * These keys are read before the agent starts, so they cannot change at run time.
 */
public interface StoreConfig {

    /** The embedded PostgreSQL server. */
    Embedded embedded();

    /** Settings of the embedded PostgreSQL server ({@code outpost.store.embedded.*}). */
    interface Embedded {

        /** TCP port on 127.0.0.1 (up to 65535); {@code 0} picks a free one at every start. */
        @WithDefault("0")
        int port();

        /** PostgreSQL {@code shared_buffers}: its page cache. 16MB suits a device with 512 MiB of RAM. */
        @WithDefault("16MB")
        String sharedBuffers();

        /** PostgreSQL {@code max_connections} (at least 5); the agent itself uses at most eight. */
        @WithDefault("20")
        int maxConnections();

        /** Longest wait for the server to accept connections at start (crash recovery can take a while). */
        @WithDefault("60s")
        Duration startupTimeout();
    }
}
