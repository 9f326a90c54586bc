package io.outpost.transfer;

import java.time.Clock;
import java.util.Optional;

import io.outpost.config.RouteConfig;
import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.Outcome;
import io.outpost.upstream.Pipeline;
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

    private final ActiveTransfer live;
    private final RouteConfig route;
    private final Runnable noResume;
    private final Pipeline pipeline;
    private final TransferFiles files;
    private final TransferMetrics metrics;
    private final Clock clock;

    /** {@code noResume} is told when the upstream turned out not to resume, so later attempts skip the query. */
    UploadAttempt(ActiveTransfer live, RouteConfig route, Runnable noResume, Pipeline pipeline, TransferFiles files,
            TransferMetrics metrics, Clock clock) {
        this.live = live;
        this.route = route;
        this.noResume = noResume;
        this.pipeline = pipeline;
        this.files = files;
        this.metrics = metrics;
        this.clock = clock;
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
        return pipeline.send(query).chain(answer -> {
            UploadResume.Decision next = UploadResume.after(answer, total, clock.instant());
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
        live.progress().restartAt(from);
        MultiMap headers = headers(t);
        if (how instanceof UploadResume.Resume) {
            headers.set("Content-Range", UploadResume.range(from, total));
        }
        OutboundRequest request = new OutboundRequest(t.route(), HttpMethod.PUT, url(t), headers, null,
                TransferRun.EXCERPT_BYTES, Streaming.from(files.spool(t.id()), from, metrics.progress(live, t)));
        return pipeline.send(request)
                .map(answer -> UploadResume.sent(answer, total, clock.instant()));
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
