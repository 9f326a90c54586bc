package io.outpost.config;

import java.nio.file.Path;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The whole {@code outpost.*} configuration tree. Every key can also come from the environment
 * ({@code OUTPOST_DATA_DIR}, {@code OUTPOST_ROUTES_<NAME>_URL}, ...).
 */
@ConfigMapping(prefix = "outpost")
public interface OutpostConfig {

    /**
     * Directory that holds all of the agent's state: the embedded database ({@code pg/}), its
     * unpacked binaries ({@code pg-bin/}) and the files of transfers ({@code transfers/}). Relative paths are resolved against the working directory.
     * On a device this is usually {@code /var/lib/outpost}.
     */
    @WithDefault("data")
    Path dataDir();

    /** The local HTTP API that applications on the device call. */
    ApiConfig api();

    /** Limits and housekeeping of the durable outbox. */
    OutboxConfig outbox();

    /** The database behind the outbox. */
    StoreConfig store();

    /** The outbox relay: claim leases and the clean stop. */
    DeliveryConfig delivery();

    /** Several agents sharing one external PostgreSQL: this agent's identity. */
    FleetConfig fleet();

    /** The read cache in front of {@code /v1/routes/<name>/fetch}: memory and persistent layers. */
    CacheConfig cache();

    /** File transfers: upload limits, how many run at once, how often progress is recorded. */
    TransfersConfig transfers();

    /** Reachability of the routes: failure threshold and probes. */
    ConnectivityConfig connectivity();

    /**
     * Upstreams, keyed by route name. The name appears in API paths ({@code /v1/routes/<name>/...}) and
     * must be 1-63 characters of letters, digits, {@code .}, {@code _} or {@code -}.
     */
    Map<String, RouteConfig> routes();

    /**
     * Push channels from upstreams (WebSocket, SSE, long poll), keyed by stream name, read locally at
     * {@code /v1/streams/<name>/events}. Same naming rules as routes. None configured: nothing starts.
     */
    Map<String, StreamConfig> streams();
}
