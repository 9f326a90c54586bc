package io.outpost.config;

import java.time.Duration;

import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/**
 * Many queued messages in one request ({@code outpost.routes.<name>.batch.*}), as log and telemetry shippers
 * do: a backlog drains in far fewer requests, and a metered link carries far fewer request overheads.
 */
public interface RouteBatchConfig {

    /** Most messages in one request (1 to 10000); above 1 turns batching on, 1 sends every message alone. */
    @WithDefault("1")
    int maxMessages();

    /**
     * Most body bytes of one batch before compression ({@code 1MiB}, {@code 512K}, {@code 65536}); a message
     * whose body alone is larger goes alone.
     */
    @WithDefault("1MiB")
    @WithConverter(IecSizeConverter.class)
    long maxBytes();

    /**
     * How long a batch may wait for more messages when fewer than {@code max-messages} are ready; {@code 0s}
     * sends what is ready at once (a backlog still fills its batches).
     */
    @WithDefault("0s")
    Duration linger();

    /** How the members' bodies make one body: {@code ndjson} (one a line) or {@code json-array}. */
    @WithDefault("ndjson")
    Format format();

    /** Whether messages of this route are batched at all. Not a config key. */
    default boolean enabled() {
        return maxMessages() > 1;
    }

    /** Values of {@code format}. */
    enum Format {
        NDJSON,
        JSON_ARRAY
    }
}
