package io.outpost.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * HTTPS upstreams on localhost behind a private CA made at test time ({@link PrivateCa}): one that only
 * shows its certificate, and one that also requires a client certificate the CA issued (mutual TLS). Both
 * answer every kind of client the agent has: probes ({@code HEAD}), deliveries, fetches, an OAuth2 token
 * endpoint ({@code .../token}), an SSE stream ({@code .../events}), WebSockets, downloads
 * ({@code .../files/...}) and uploads ({@code PUT}). They record what they served by path.
 */
public final class TlsFixtures {

    public static final String TOKEN = "tls-token";
    public static final Buffer FILE = Buffer.buffer("x".repeat(64 * 1024));

    private static TlsFixtures shared;

    public final PrivateCa ca = PrivateCa.create(TempDirs.create("outpost-ca"), "outpost-test");
    /** A CA that vouches for nobody here: a route that trusts only it must refuse these upstreams. */
    public final PrivateCa stranger = PrivateCa.create(TempDirs.create("outpost-stranger-ca"), "stranger");
    public final PrivateCa.Issued client = ca.client("outpost-device");
    /** Paths of the requests served (after the handshake: on the mutual one, with a client certificate). */
    public final List<String> served = new CopyOnWriteArrayList<>();
    /** The {@code Authorization} header of each request served, by path. */
    public final Map<String, String> authorization = new ConcurrentHashMap<>();
    public final AtomicInteger tokenRequests = new AtomicInteger();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer serverOnly;
    private final HttpServer mutual;

    private TlsFixtures() {
        PrivateCa.Issued server = ca.server("localhost");
        PemKeyCertOptions key = new PemKeyCertOptions().setCertPath(server.cert().toString())
                .setKeyPath(server.key().toString());
        serverOnly = listen(new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setKeyCertOptions(key));
        mutual = listen(new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setKeyCertOptions(key)
                .setTrustOptions(new PemTrustOptions().addCertPath(ca.caFile.toString()))
                .setClientAuth(ClientAuth.REQUIRED));
    }

    private HttpServer listen(HttpServerOptions options) {
        return WsPeer.await(vertx.createHttpServer(options).webSocketHandler(this::webSocket).requestHandler(this::handle)
                .listen(0));
    }

    private void webSocket(ServerWebSocket ws) {
        served.add(ws.path());
        ws.writeTextMessage("over-tls");
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (req.method() == HttpMethod.HEAD) {
            served.add("HEAD " + path);
            req.response().setStatusCode(204).end();
        } else if (path.endsWith("/events")) {
            served.add(path);
            var response = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
            response.write("id: 1\nevent: tick\ndata: over-tls\n\n");
            long timer = vertx.setPeriodic(100, id -> response.write(":keep-alive\n\n"));
            response.closeHandler(v -> vertx.cancelTimer(timer));
        } else {
            req.body().onSuccess(body -> answer(req, path, body));
        }
    }

    private void answer(HttpServerRequest req, String path, Buffer body) {
        served.add(path);
        String auth = req.getHeader("Authorization");
        if (auth != null) {
            authorization.put(path, auth);
        }
        if (path.endsWith("/token")) {
            tokenRequests.incrementAndGet();
            req.response().putHeader("Content-Type", "application/json")
                    .end("{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        } else if (req.method() == HttpMethod.GET && path.contains("/files/")) {
            req.response().putHeader("Content-Type", "application/octet-stream").end(FILE);
        } else if (req.method() == HttpMethod.GET) {
            req.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end("{\"over\":\"tls\"}");
        } else {
            req.response().setStatusCode(req.method() == HttpMethod.PUT ? 201 : 204).end();
        }
    }

    public static synchronized TlsFixtures shared() {
        if (shared == null) {
            shared = new TlsFixtures();
        }
        return shared;
    }

    public static synchronized void release() {
        if (shared != null) {
            shared.vertx.close();
            shared = null;
        }
    }

    /** The upstream that requires a client certificate, with {@code path} below it. */
    public String url(String path) {
        return "https://localhost:" + mutual.actualPort() + "/" + path;
    }

    /** The upstream that only shows its certificate. */
    public String serverOnlyUrl(String path) {
        return "https://localhost:" + serverOnly.actualPort() + "/" + path;
    }

    public String wsUrl(String path) {
        return "wss://localhost:" + mutual.actualPort() + "/" + path;
    }
}
