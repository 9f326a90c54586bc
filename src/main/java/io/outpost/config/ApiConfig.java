package io.outpost.config;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/** The local HTTP API ({@code outpost.api.*}). */
public interface ApiConfig {

    /**
     * Bearer token that every {@code /v1/**} call must present ({@code Authorization: Bearer <token>}).
     * Unset (and no {@code token-file}): the API is open to anything that can reach its port, which is why
     * the agent then listens on loopback only, unless {@code allow-open-network} says otherwise.
     */
    Optional<String> token();

    /**
     * File holding the bearer token (surrounding whitespace ignored), e.g. a mounted Kubernetes Secret.
     * Takes precedence over {@code outpost.api.token}.
     */
    Optional<Path> tokenFile();

    /**
     * Serve {@code /q/metrics} without the token. The contract guards {@code /v1/**} only, so a scraper
     * needs no token by default; {@code false} puts the metrics behind the token too. Health
     * ({@code /q/health/**}) is always open.
     */
    @WithDefault("true")
    boolean publicMetrics();

    /**
     * Let the API listen on an address other than loopback ({@code quarkus.http.host}) without a token, so
     * that anything on the network can use {@code /v1}. Off: such a start stops, naming the keys; on: it
     * starts with a warning. For a closed network where the port is guarded by other means.
     */
    @WithDefault("false")
    boolean allowOpenNetwork();

    /** Serve the OpenAPI document ({@code /q/openapi}) without the token; {@code false} guards it. */
    @WithDefault("true")
    boolean publicOpenapi();
}
