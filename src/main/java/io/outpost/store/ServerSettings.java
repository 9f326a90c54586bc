package io.outpost.store;

import java.util.Map;

/** The embedded server's settings, given on its command line ({@code -c name=value}) at every start. */
final class ServerSettings {

    private ServerSettings() {
    }

    /**
     * Server settings for a small device. Durability first, spelled out (test setups commonly turn fsync
     * and synchronous_commit off): an accepted message must survive a power cut. The rest trims memory:
     * about 16 MB of shared buffers, few connections, no parallel workers, one autovacuum worker.
     */
    static Map<String, String> forDevice(EmbeddedStore.Settings s) {
        return Map.ofEntries(
                Map.entry("fsync", "on"),
                Map.entry("synchronous_commit", "on"),
                Map.entry("full_page_writes", "on"),
                Map.entry("listen_addresses", "127.0.0.1"),
                Map.entry("unix_socket_directories", ""), // no Unix socket: TCP on loopback only
                Map.entry("max_connections", Integer.toString(s.maxConnections())),
                Map.entry("shared_buffers", s.sharedBuffers()),
                Map.entry("work_mem", "2MB"),
                Map.entry("maintenance_work_mem", "16MB"),
                Map.entry("temp_buffers", "2MB"),
                Map.entry("effective_cache_size", "64MB"),
                Map.entry("wal_level", "minimal"),
                Map.entry("max_wal_senders", "0"),
                Map.entry("min_wal_size", "32MB"),
                Map.entry("max_wal_size", "128MB"),
                Map.entry("max_worker_processes", "2"),
                Map.entry("max_parallel_workers", "0"),
                Map.entry("max_parallel_workers_per_gather", "0"),
                Map.entry("max_parallel_maintenance_workers", "0"),
                Map.entry("autovacuum_max_workers", "1"),
                Map.entry("autovacuum_naptime", "30s"),
                Map.entry("jit", "off"),
                Map.entry("huge_pages", "off"),
                Map.entry("random_page_cost", "1.1"),
                Map.entry("timezone", "UTC"),
                Map.entry("log_min_messages", "warning"),
                Map.entry("log_checkpoints", "off"));
    }
}
