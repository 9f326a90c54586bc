package io.outpost.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;

/**
 * An HTTPS upstream on localhost that requires a client certificate (mutual TLS): its own self-signed
 * server certificate, and a self-signed client certificate it trusts. It records the paths it served.
 */
public final class TlsFixtures {

    private static TlsFixtures shared;

    public final SelfSignedCertificate server = SelfSignedCertificate.create("localhost");
    public final SelfSignedCertificate client = SelfSignedCertificate.create("outpost-device");
    public final List<String> served = new CopyOnWriteArrayList<>();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer https;

    private TlsFixtures() throws Exception {
        https = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1")
                .setKeyCertOptions(server.keyCertOptions()).setTrustOptions(client.trustOptions())
                .setClientAuth(ClientAuth.REQUIRED))
                .requestHandler(req -> req.body().onSuccess(b -> {
                    try {
                        req.connection().peerCertificates(); // handshake proved the client certificate
                        served.add(req.path());
                        req.response().setStatusCode(204).end();
                    } catch (SSLPeerUnverifiedException e) {
                        req.response().setStatusCode(495).end();
                    }
                }))
                .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static synchronized TlsFixtures shared() {
        if (shared == null) {
            try {
                shared = new TlsFixtures();
            } catch (Exception e) {
                throw new IllegalStateException("TLS upstream did not start", e);
            }
        }
        return shared;
    }

    public static synchronized void release() {
        if (shared != null) {
            shared.vertx.close();
            shared = null;
        }
    }

    public String url(String route) {
        return "https://localhost:" + https.actualPort() + "/" + route;
    }
}
