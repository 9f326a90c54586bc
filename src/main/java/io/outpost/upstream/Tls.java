package io.outpost.upstream;

import java.nio.file.Files;
import java.nio.file.Path;

import io.outpost.config.TlsConfig;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/** A route's TLS settings on an HTTP or WebSocket client. Verification stays on: there is no way to trust all. */
public final class Tls {

    private Tls() {
    }

    public static void apply(HttpClientOptions options, TlsConfig tls, String route) {
        options.setVerifyHost(tls.verifyHost());
        trust(options, tls, route);
    }

    /** For a stream that shares the route's TLS settings. */
    public static void apply(WebSocketClientOptions options, TlsConfig tls, String route) {
        options.setVerifyHost(tls.verifyHost());
        trust(options, tls, route);
    }

    private static void trust(ClientOptionsBase options, TlsConfig tls, String route) {
        String prefix = "outpost.routes." + route + ".tls.";
        options.setTrustAll(false);
        tls.caFile().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(readable(ca, prefix + "ca-file"))));
        if (tls.certFile().isPresent() != tls.keyFile().isPresent()) {
            throw new IllegalArgumentException(prefix + "cert-file and " + prefix + "key-file go together (mutual TLS)");
        }
        tls.certFile().ifPresent(cert -> options.setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(readable(cert, prefix + "cert-file"))
                .setKeyPath(readable(tls.keyFile().get(), prefix + "key-file"))));
    }

    private static String readable(Path file, String key) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(key + ": cannot read " + file);
        }
        return file.toString();
    }
}
