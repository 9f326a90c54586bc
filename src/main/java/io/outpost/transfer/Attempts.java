package io.outpost.transfer;

import java.time.Clock;
import java.time.Duration;

import io.outpost.config.RouteConfig;
import io.outpost.upstream.Pipelines;
import io.vertx.core.Vertx;

/** Builds a transfer's attempts, each with the route's pipeline and what else it needs. */
final class Attempts {

    private final Pipelines pipelines;
    private final TransferFiles files;
    private final FileWork work;
    private final StateWriter states;
    private final TransferMetrics metrics;
    private final Vertx vertx;
    private final Clock clock;
    private final Duration progressInterval;

    /** {@code progressInterval}: how often a running download syncs its file and records its offset. */
    Attempts(Pipelines pipelines, TransferFiles files, FileWork work, StateWriter states, TransferMetrics metrics,
            Vertx vertx, Clock clock, Duration progressInterval) {
        this.pipelines = pipelines;
        this.files = files;
        this.work = work;
        this.states = states;
        this.metrics = metrics;
        this.vertx = vertx;
        this.clock = clock;
        this.progressInterval = progressInterval;
    }

    DownloadAttempt download(ActiveTransfer live, RouteConfig route) {
        return new DownloadAttempt(live, route, pipelines.forRoute(live.row().route()), files, work, states, metrics,
                vertx, clock, progressInterval);
    }

    /** {@code noResume} is told when the upstream turned out not to resume uploads. */
    UploadAttempt upload(ActiveTransfer live, RouteConfig route, Runnable noResume) {
        return new UploadAttempt(live, route, noResume, pipelines.forRoute(live.row().route()), files, metrics,
                clock);
    }
}
