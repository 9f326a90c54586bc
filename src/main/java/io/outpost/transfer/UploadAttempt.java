package io.outpost.transfer;

import java.util.Optional;

import io.outpost.config.RouteConfig;
import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.Outcome;
import io.outpost.upstream.Streaming;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * One attempt at sending the spooled body as {@code PUT {route url}/{path}}. The first goes out whole. Once
 * bytes may have reached the upstream (an earlier attempt moved some, or the agent stopped while one ran), the
 * attempt first asks the upstream how much it holds ({@link UploadResume}) and sends only the rest; an
 * upstream that does not resume gets the whole body again.
 */
final class UploadAttempt {

    private final Live live;
    private final TransferParts parts;
    private final RouteConfig route;
    private final Runnable noResume;

    /** {@code noResume} is told when the upstream turned out not to resume, so later attempts skip the query. */
    UploadAttempt(Live live, TransferParts parts, RouteConfig route, Runnable noResume) {
        this.live = live;
        this.parts = parts;
        this.route = route;
        this.noResume = noResume;
    }

    Uni<Outcome> run(boolean ask) {
        Transfer t = live.row();
        long total = t.bytesTotal() == null ? 0 : t.bytesTotal();
        if (!ask || total == 0) {
            return send(t, new UploadResume.Whole(), total);
        }
        MultiMap headers = headers(t);
        headers.set("Content-Range", UploadResume.query(total));
        OutboundRequest query = new OutboundRequest(t.route(), HttpMethod.PUT, url(t), headers, Buffer.buffer(),
                TransferRun.EXCERPT_BYTES);
        return parts.pipelines().forRoute(t.route()).send(query).chain(answer -> {
            UploadResume.Decision next = UploadResume.after(answer, total, parts.clock().instant());
            if (next instanceof UploadResume.Failed failed) {
                return Uni.createFrom().item(failed.outcome());
            }
            if (next instanceof UploadResume.Whole) {
                noResume.run();
            }
            return send(t, next, total);
        });
    }

    private Uni<Outcome> send(Transfer t, UploadResume.Decision how, long total) {
        long from = how instanceof UploadResume.Resume r ? r.from() : 0;
        live.restartAt(from);
        MultiMap headers = headers(t);
        if (how instanceof UploadResume.Resume) {
            headers.set("Content-Range", UploadResume.range(from, total));
        }
        OutboundRequest request = new OutboundRequest(t.route(), HttpMethod.PUT, url(t), headers, null,
                TransferRun.EXCERPT_BYTES, Streaming.from(parts.files().spool(t.id()), from, parts.progress(live, t)));
        return parts.pipelines().forRoute(t.route()).send(request)
                .map(answer -> UploadResume.sent(answer, total, parts.clock().instant()));
    }

    private MultiMap headers(Transfer t) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        route.headers().forEach(headers::set);
        Optional.ofNullable(t.contentType()).ifPresent(ct -> headers.set("Content-Type", ct));
        return headers;
    }

    private String url(Transfer t) {
        return route.urlFor(t.path());
    }
}
