package io.outpost.config;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * TLS to a route's upstream ({@code outpost.routes.<name>.tls.*}). Certificates are always verified; there
 * is no trust-all switch.
 */
public interface TlsConfig {

    /** PEM file of the CA certificates to trust instead of the JVM's default trust store. */
    Optional<Path> caFile();

    /** PEM client certificate (chain) for mutual TLS; needs {@code key-file}. */
    Optional<Path> certFile();

    /** PEM private key of {@code cert-file}. */
    Optional<Path> keyFile();

    /** Check that the certificate names the host in the URL. */
    @WithDefault("true")
    boolean verifyHost();
}
