package io.outpost.stream;

import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.outpost.upstream.Classifier;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * WebSocket connections with the Vert.x client. A text message is one event; a binary message is one
 * event of type {@code binary} with the bytes in base64. Outgoing frames are text or binary as posted.
 */
final class WebSocketOpener implements Connection.Opener {

    static final int PAUSE_AT = 1000;

    private final WebSocketClient client;
    private final long timeoutMillis;
    private final Clock clock;

    WebSocketOpener(WebSocketClient client, long timeoutMillis, Clock clock) {
        this.client = client;
        this.timeoutMillis = timeoutMillis;
        this.clock = clock;
    }

    @Override
    public Future<Connection> open(Connection.Target target, Connection.Listener listener) {
        // no Origin: that header is a browser's statement about a page, and the agent is not one (a server that
        // checks it would refuse the upstream's own address, which is what Vert.x would send)
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(target.uri())
                .setHeaders(target.headers()).setTimeout(timeoutMillis).setAllowOriginHeader(false);
        return client.connect(options).recover(e -> Future.failedFuture(e instanceof UpgradeRejectedException u
                ? Ending.status(u.getStatus(), u.getHeaders() == null ? null : u.getHeaders().get("Retry-After"),
                        clock.instant(), "the WebSocket handshake").failure()
                : e)).map(ws -> {
            WebSocketConnection live = new WebSocketConnection(ws, listener);
            ws.textMessageHandler(text -> live.received(new Incoming(null, null, text)));
            ws.binaryMessageHandler(bytes -> live.received(new Incoming(null, "binary",
                    Base64.getEncoder().encodeToString(bytes.getBytes()))));
            ws.pongHandler(pong -> listener.alive());
            ws.closeHandler(v -> live.ended(Ending.close(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode(),
                    ws.closeReason())));
            ws.exceptionHandler(e -> live.ended(Ending.broken(Classifier.describe(e))));
            return live;
        });
    }

    void close() {
        client.close();
    }

    private static final class WebSocketConnection implements Connection {
        private final WebSocket ws;
        private final Connection.Listener listener;
        private final AtomicBoolean ended = new AtomicBoolean();

        WebSocketConnection(WebSocket ws, Connection.Listener listener) {
            this.ws = ws;
            this.listener = listener;
        }

        void received(Incoming event) {
            listener.alive();
            Future<Void> stored = listener.events(List.of(event), null, null);
            if (!stored.isComplete() && listener.backlog() > PAUSE_AT) {
                ws.pause(); // the store is behind: let TCP flow control slow the server down
                stored.onComplete(v -> ws.resume());
            }
        }

        void ended(Ending ending) {
            if (ended.compareAndSet(false, true)) {
                listener.closed(ending);
            }
        }

        @Override
        public void ping() {
            ws.writePing(Buffer.buffer("outpost"));
        }

        @Override
        public boolean sends() {
            return true;
        }

        @Override
        public Future<Void> send(byte[] payload, boolean binary) {
            Buffer frame = Buffer.buffer(payload);
            return binary ? ws.writeBinaryMessage(frame) : ws.writeTextMessage(frame.toString());
        }

        @Override
        public void close() {
            ended.set(true);
            ws.close((short) 1001, "going away"); // unanswered, the closing timeout drops the TCP connection
        }
    }
}
