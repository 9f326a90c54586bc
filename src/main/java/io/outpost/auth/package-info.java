/**
 * Upstream credentials: API keys, OAuth2 client credentials (quarkus-oidc-client), signed JWTs
 * (smallrye-jwt), each an {@link io.outpost.upstream.UpstreamAuth} built by
 * {@link io.outpost.auth.Authenticators} for the pipeline; and {@link io.outpost.auth.SecretFile}, which
 * reads a secret from a file that may be rotated.
 *
 * <p>Used by {@code api} (the local API token file) and, through the port, by {@code upstream}. Depends on
 * {@code upstream} and {@code config}.
 */
package io.outpost.auth;
