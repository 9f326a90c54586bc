package io.outpost.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A TCP proxy on 127.0.0.1 that can freeze its current connections: they stay open at both ends but no
 * byte gets through any more, as on a link that blackholes packets (a half-open connection). Connections
 * made after a freeze are forwarded normally.
 */
public final class FreezableProxy {

    private final NetServer server;
    private final List<boolean[]> live = new CopyOnWriteArrayList<>();

    FreezableProxy(Vertx vertx, int targetPort) {
        server = WsPeer.await(vertx.createNetServer().connectHandler(in -> {
            in.pause();
            boolean[] frozen = { false };
            vertx.createNetClient().connect(targetPort, "127.0.0.1").onSuccess(out -> {
                live.add(frozen);
                forward(in, out, frozen);
                forward(out, in, frozen);
                in.resume();
            }).onFailure(e -> in.close());
        }).listen(0, "127.0.0.1"));
    }

    private static void forward(NetSocket from, NetSocket to, boolean[] frozen) {
        from.handler(data -> {
            if (!frozen[0]) {
                to.write(data);
            }
        });
        from.closeHandler(v -> {
            if (!frozen[0]) {
                to.close();
            }
        });
    }

    public int port() {
        return server.actualPort();
    }

    /** Every connection open now stops forwarding, and stays open. */
    public void freeze() {
        live.forEach(f -> f[0] = true);
        live.clear();
    }
}
