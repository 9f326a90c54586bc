package io.outpost.upstream;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.outpost.config.OutpostConfig;
import io.outpost.config.RouteConfig;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * Every client the agent opens to an upstream is built here, from its route's settings, so that no way out
 * can miss one: the route's TLS trust, client certificate and host check ({@link Tls}, read once at start,
 * failing there with the key at fault) and its connect timeout. The kinds differ only where their use does:
 * <ul>
 * <li>{@link #pooled}: the pipeline's transport (deliveries, fetches, transfers): a keep-alive pool as
 * large as the route's concurrency, gzip answers accepted;</li>
 * <li>{@link #probes}: connectivity probes: a fresh connection each time, the probe timeout;</li>
 * <li>{@link #streams} and {@link #webSockets}: SSE, long polls and WebSockets, with the stream's connect
 * timeout; a stream with no route gets the JVM's trust store and the host check;</li>
 * <li>token requests: quarkus-oidc-client builds its own client, so the route's {@link Tls} goes into
 * Quarkus's TLS registry under {@link #tlsConfigurationName} and its connect timeout is
 * {@link #connectTimeout}: the same trust, client certificate and host check, applied by Quarkus's code.</li>
 * </ul>
 * There is no proxy setting yet; one would go on the options here and on the token client's builder.
 */
@ApplicationScoped
public class UpstreamClients {

    private static final Duration MAX_CONNECT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final TlsConfigurationRegistry registry;
    private final Map<String, RouteConfig> routes;
    private final Map<String, Tls> tls = new HashMap<>();

    UpstreamClients(Vertx vertx, OutpostConfig config, TlsConfigurationRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
        this.routes = config.routes();
        routes.forEach((name, route) -> tls.put(name, Tls.of(name, route.tls())));
    }

    /**
     * The pipeline's transport: keep-alive connections, as many as the route's concurrency; with
     * {@code decompress}, gzip and deflate asked for and undone, else answers as they came.
     */
    HttpClient pooled(String route, boolean decompress) {
        HttpClientOptions options = http(route, connectTimeout(route)).setKeepAlive(true).setKeepAliveTimeout(30)
                .setTryUseCompression(decompress);
        return vertx.createHttpClient(options,
                new PoolOptions().setHttp1MaxSize(routes.get(route).concurrency()).setMaxWaitQueueSize(-1));
    }

    /** Probes: no keep-alive, since a pooled connection might be a half-open relic of the outage. */
    public HttpClient probes(String route, Duration timeout) {
        return vertx.createHttpClient(http(route, timeout).setKeepAlive(false));
    }

    /** A stream's SSE and long-poll client, with its route's settings if it names one. */
    public HttpClient streams(Optional<String> route, Duration connectTimeout) {
        HttpClientOptions options = new HttpClientOptions().setConnectTimeout(millis(connectTimeout))
                .setKeepAlive(true).setTryUseCompression(true);
        return vertx.createHttpClient(tls(route).applyTo(options));
    }

    /**
     * A stream's WebSocket client, with its route's settings if it names one. A close handshake with a
     * vanished peer would otherwise hold the socket for 10 s.
     */
    public WebSocketClient webSockets(Optional<String> route, Duration connectTimeout, int maxMessageSize) {
        WebSocketClientOptions options = new WebSocketClientOptions().setConnectTimeout(millis(connectTimeout))
                .setMaxMessageSize(maxMessageSize).setClosingTimeout(1);
        return vertx.createWebSocketClient(tls(route).applyTo(options));
    }

    /**
     * The name of the route's TLS settings in Quarkus's TLS registry, for a client Quarkus builds (the OAuth2
     * token requests): registered on first use.
     */
    public synchronized String tlsConfigurationName(String route) {
        String name = "outpost-route-" + route;
        if (registry.get(name).isEmpty()) {
            registry.register(name, tls(Optional.of(route)));
        }
        return name;
    }

    /** How long a connection to the route's upstream may take: its timeout, at most 10 s. */
    public Duration connectTimeout(String route) {
        Duration timeout = routes.get(route).timeout();
        return timeout.compareTo(MAX_CONNECT) < 0 ? timeout : MAX_CONNECT;
    }

    private HttpClientOptions http(String route, Duration connectTimeout) {
        return tls(Optional.of(route)).applyTo(new HttpClientOptions().setConnectTimeout(millis(connectTimeout)));
    }

    private Tls tls(Optional<String> route) {
        return route.map(r -> {
            Tls t = tls.get(r);
            if (t == null) {
                throw new IllegalArgumentException("no route " + r);
            }
            return t;
        }).orElseGet(Tls::defaults);
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
