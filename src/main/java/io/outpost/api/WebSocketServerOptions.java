package io.outpost.api;

import java.util.List;

import jakarta.inject.Singleton;

import io.outpost.config.OutpostConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The HTTP server's WebSocket settings for {@code GET /v1/streams/{name}/ws}: it answers with the
 * {@code outpost} subprotocol when offered (a browser that offered the token subprotocol fails a handshake
 * that names none), and takes a message as large as a frame posted to {@code .../messages} may be
 * ({@code outpost.outbox.max-message-size}; Vert.x's own limit is 256 KiB).
 */
@Singleton
public class WebSocketServerOptions implements HttpServerOptionsCustomizer {

    private final OutpostConfig config;

    WebSocketServerOptions(OutpostConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        apply(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        apply(options);
    }

    private void apply(HttpServerOptions options) {
        options.setWebSocketSubProtocols(List.of(WebSocketToken.SUBPROTOCOL));
        long max = config.outbox().maxMessageSize().asLongValue();
        options.setMaxWebSocketMessageSize((int) Math.min(Integer.MAX_VALUE - 1, Math.max(max,
                HttpServerOptions.DEFAULT_MAX_WEBSOCKET_FRAME_SIZE)));
    }
}
