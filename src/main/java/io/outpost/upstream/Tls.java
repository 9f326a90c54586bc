package io.outpost.upstream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.outpost.config.TlsConfig;
import io.quarkus.tls.BaseTlsConfiguration;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;

/**
 * A route's TLS settings, read once: the CA certificates it trusts (none: the JVM's trust store), its client
 * certificate for mutual TLS, and whether the upstream's certificate must name the host. The same object
 * goes on the agent's own Vert.x clients and, as a Quarkus {@code TlsConfiguration}, into the TLS registry
 * for quarkus-oidc-client's token requests, so both apply the same trust, key and host check. Verification
 * stays on: there is no way to trust all.
 */
final class Tls extends BaseTlsConfiguration {

    private final TrustOptions trust;
    private final KeyCertOptions keyCert;
    private final boolean verifyHost;

    private Tls(TrustOptions trust, KeyCertOptions keyCert, boolean verifyHost) {
        this.trust = trust;
        this.keyCert = keyCert;
        this.verifyHost = verifyHost;
    }

    /** Reads the route's settings, failing with the key at fault when a file is missing or a pair incomplete. */
    static Tls of(String route, TlsConfig tls) {
        String prefix = "outpost.routes." + route + ".tls.";
        if (tls.certFile().isPresent() != tls.keyFile().isPresent()) {
            throw new IllegalArgumentException(prefix + "cert-file and " + prefix + "key-file go together (mutual TLS)");
        }
        TrustOptions trust = tls.caFile()
                .map(ca -> new PemTrustOptions().addCertPath(readable(ca, prefix + "ca-file")))
                .orElse(null);
        KeyCertOptions keyCert = tls.certFile().map(cert -> new PemKeyCertOptions()
                .setCertPath(readable(cert, prefix + "cert-file"))
                .setKeyPath(readable(tls.keyFile().get(), prefix + "key-file")))
                .orElse(null);
        return new Tls(trust, keyCert, tls.verifyHost());
    }

    /** No route: the JVM's trust store, no client certificate, the host checked. */
    static Tls defaults() {
        return new Tls(null, null, true);
    }

    HttpClientOptions applyTo(HttpClientOptions options) {
        keys(options);
        return options.setVerifyHost(verifyHost);
    }

    WebSocketClientOptions applyTo(WebSocketClientOptions options) {
        keys(options);
        return options.setVerifyHost(verifyHost);
    }

    private void keys(ClientOptionsBase options) {
        options.setTrustAll(false);
        if (trust != null) {
            options.setTrustOptions(trust.copy());
        }
        if (keyCert != null) {
            options.setKeyCertOptions(keyCert.copy());
        }
    }

    @Override
    public TrustOptions getTrustStoreOptions() {
        return trust;
    }

    @Override
    public KeyCertOptions getKeyStoreOptions() {
        return keyCert;
    }

    /** How Quarkus's TLS registry says "check the host" ({@code HTTPS}) or not ({@code NONE}). */
    @Override
    public Optional<String> getHostnameVerificationAlgorithm() {
        return Optional.of(verifyHost ? "HTTPS" : "NONE");
    }

    @Override
    public boolean isTrustAll() {
        return false;
    }

    private static String readable(Path file, String key) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(key + ": cannot read " + file);
        }
        return file.toString();
    }
}
