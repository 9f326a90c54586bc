package io.outpost.api;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.outpost.config.OutpostConfig;
import io.outpost.stream.Streams;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/streams/{name}/ws[?after={seq}]}: a local WebSocket on a stream ({@link StreamSocket}). What
 * can be refused is refused before the upgrade, as an HTTP problem a client can read: the token (by
 * {@link ApiAuthentication}, ahead of this), an unknown stream (404), a bad {@code after} (400), a request
 * that is no upgrade (426). Documented in {@code META-INF/openapi.yaml}.
 */
@Singleton
public class StreamSocketRoute {

    private static final Logger LOG = Logger.getLogger(StreamSocketRoute.class);

    private final Streams streams;
    private final OpenResponses open;
    private final OutpostConfig config;

    StreamSocketRoute(Streams streams, OpenResponses open, OutpostConfig config) {
        this.streams = streams;
        this.open = open;
        this.config = config;
    }

    void install(@Observes Router router) {
        PlainRoutes.serve(router, "/v1/streams/([^/]+)/ws", this::upgrade, HttpMethod.GET);
    }

    private void upgrade(RoutingContext ctx) {
        String name = ctx.pathParam("param0");
        try {
            if (!streams.exists(name)) {
                throw Problems.unknownStream(name);
            }
            long after = EventsRequest.parse("application/json", null, ctx.queryParams().get("after"), null, null)
                    .after();
            String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
            if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
                ProblemWriter.write(ctx.response(), new Problem(Problems.type("upgrade-required"), "Upgrade required",
                        426, "This is a WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket). "
                                + "Plain HTTP readers use GET /v1/streams/" + name + "/events.", null),
                        Map.of("Upgrade", "websocket"));
                return;
            }
            Context context = Vertx.currentContext();
            long max = config.outbox().maxMessageSize().asLongValue();
            ctx.request().toWebSocket().onSuccess(ws -> new StreamSocket(streams, name, ws, context, after, max, open)
                    .start()).onFailure(e -> LOG.debugf("Stream %s: WebSocket upgrade failed: %s", name, e));
        } catch (ProblemException e) {
            ProblemWriter.write(ctx.response(), e);
        }
    }
}
