package io.outpost.config;

import java.nio.file.Path;
import java.util.Optional;

/** The local HTTP API ({@code outpost.api.*}). */
public interface ApiConfig {

    /**
     * Bearer token that every {@code /v1/**} call must present ({@code Authorization: Bearer <token>}).
     * Unset (and no {@code token-file}): the API is open to anything that can reach its port.
     */
    Optional<String> token();

    /**
     * File holding the bearer token (surrounding whitespace ignored), e.g. a mounted Kubernetes Secret.
     * Takes precedence over {@code outpost.api.token}.
     */
    Optional<Path> tokenFile();
}
