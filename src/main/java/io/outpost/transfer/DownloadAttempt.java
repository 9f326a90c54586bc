package io.outpost.transfer;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.outpost.config.RouteConfig;
import io.outpost.transfer.RangeDecision.Decision;
import io.outpost.upstream.Classifier;
import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.Outcome;
import io.outpost.upstream.Pipeline;
import io.outpost.upstream.Streaming;
import io.outpost.upstream.UpstreamResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.WriteStream;

/**
 * One GET of a download into its {@code .part} file, from the synced offset on. While it runs, the file is
 * synced and the offset recorded every progress interval: sync first, record after, so the recorded offset
 * is always on disk. A finished body is checked against the expected length and sha256, then renamed.
 */
final class DownloadAttempt {

    private final ActiveTransfer live;
    private final RouteConfig route;
    private final Pipeline pipeline;
    private final TransferFiles files;
    private final FileWork work;
    private final StateWriter states;
    private final TransferMetrics metrics;
    private final Vertx vertx;
    private final Clock clock;
    private final Duration progressInterval;
    private final AtomicReference<Decision> decided = new AtomicReference<>();
    /** Moves on when the file starts over: a sync taken before that must not be recorded. */
    private final AtomicInteger epoch = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile CompletableFuture<Void> checkpointing = CompletableFuture.completedFuture(null);

    DownloadAttempt(ActiveTransfer live, RouteConfig route, Pipeline pipeline, TransferFiles files, FileWork work,
            StateWriter states, TransferMetrics metrics, Vertx vertx, Clock clock, Duration progressInterval) {
        this.live = live;
        this.route = route;
        this.pipeline = pipeline;
        this.files = files;
        this.work = work;
        this.states = states;
        this.metrics = metrics;
        this.vertx = vertx;
        this.clock = clock;
        this.progressInterval = progressInterval;
    }

    Uni<Outcome> run() {
        Transfer t = live.row();
        Context context = vertx.getOrCreateContext();
        return work.run(() -> {
            files.ensureDirectory();
            return PartFile.open(files.part(t.id()), t.bytesDone(), work.worker(), context);
        }).chain(file -> send(file).onTermination().call(() -> lastCheckpoint(file)))
                .chain(outcome -> !(outcome instanceof Outcome.Delivered) ? Uni.createFrom().item(outcome)
                        : work.run(() -> {
                            files.complete(t.id());
                            return outcome;
                        }));
    }

    private Uni<Outcome> send(PartFile file) {
        long offset = file.start();
        Transfer t = live.update(r -> r.withProgress(offset, r.bytesTotal(), r.validator(), r.contentType()));
        live.progress().restartAt(offset);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        route.headers().forEach(headers::set);
        RangeDecision.requestHeaders(offset, t.validator()).forEach(headers::set);
        Streaming streaming = Streaming.into((status, h) -> open(file, offset, status, h), metrics.progress(live, t));
        long timer = vertx.setPeriodic(progressInterval.toMillis(), id -> {
            if (!ended.get() && checkpointing.isDone()) {
                checkpointing = checkpoint(file).onFailure().recoverWithNull().subscribeAsCompletionStage();
            }
        });
        return pipeline
                .send(new OutboundRequest(t.route(), HttpMethod.GET, route.urlFor(t.path()), headers, null,
                        TransferRun.EXCERPT_BYTES, streaming))
                .onTermination().invoke(() -> vertx.cancelTimer(timer))
                .chain(response -> interpret(file, response));
    }

    /** Where the body goes, once the answer's status and headers say what it is. */
    private Future<WriteStream<Buffer>> open(PartFile file, long offset, int status, MultiMap headers) {
        Decision d = RangeDecision.decide(offset, status, headers::get);
        decided.set(d);
        String type = headers.get("Content-Type");
        if (d instanceof Decision.Append a) {
            live.update(r -> r.withProgress(offset, a.total() != null ? a.total() : r.bytesTotal(), r.validator(),
                    type != null ? type : r.contentType()));
            return Future.succeededFuture(file);
        }
        if (d instanceof Decision.StartOver s) {
            // Queued before the body's first write (not waited for, so that the body's handlers are set
            // before any of it arrives).
            startOver(file, s.total(), s.validator(), type);
            return Future.succeededFuture(file);
        }
        return Future.succeededFuture();
    }

    private Uni<Outcome> interpret(PartFile file, UpstreamResponse response) {
        Decision d = decided.get();
        if (d instanceof Decision.Append || d instanceof Decision.StartOver) {
            return FileWork.uni(file.sync()).chain(length -> {
                Long total = live.row().bytesTotal();
                if (total != null && total.longValue() != length.longValue()) {
                    return Uni.createFrom().item(new Outcome.Retry(null, "the body ended after " + length + " of "
                            + total + " bytes", Optional.empty(), true));
                }
                return verified(response.status());
            });
        }
        if (d instanceof Decision.Complete) {
            return verified(206);
        }
        if (d instanceof Decision.Restart r) {
            Future<Void> restarted = startOver(file, null, null, live.row().contentType());
            return FileWork.uni(restarted)
                    .replaceWith(new Outcome.Retry(response.status(), r.reason(), Optional.empty(), true));
        }
        return Uni.createFrom().item(Classifier.classify(response, clock.instant()));
    }

    /**
     * Empties the file and counts from zero again. The epoch moves after the truncation is queued, so a sync
     * queued before it (see checkpoint) is not recorded.
     */
    private Future<Void> startOver(PartFile file, Long total, String validator, String contentType) {
        Future<Void> restarted = file.restart();
        epoch.incrementAndGet();
        live.progress().restartAt(0);
        live.update(r -> r.withProgress(0, total, validator, contentType));
        return restarted;
    }

    /** The whole file is there: check its sha256 when one was given. */
    private Uni<Outcome> verified(int status) {
        Transfer t = live.row();
        return work.run(() -> {
            if (t.sha256() != null) {
                String actual = TransferFiles.sha256(files.part(t.id()));
                if (!actual.equalsIgnoreCase(t.sha256())) {
                    return new Outcome.Dead(0, "sha256 mismatch: expected " + t.sha256().toLowerCase() + ", got "
                            + actual + "; the file was removed");
                }
            }
            return (Outcome) new Outcome.Delivered(status);
        });
    }

    /** After the attempt: no periodic checkpoint any more, the one running waited for, a last one, closed. */
    private Uni<Void> lastCheckpoint(PartFile file) {
        ended.set(true);
        return Uni.createFrom().completionStage(checkpointing).onFailure().recoverWithNull()
                .chain(() -> checkpoint(file))
                .eventually(() -> FileWork.uni(file.close()));
    }

    /**
     * Syncs the file, then records the synced length: never an offset the disk does not hold. A sync queued
     * before the file started over answers its old length, so it is dropped when the epoch moved meanwhile.
     */
    private Uni<Void> checkpoint(PartFile file) {
        int before = epoch.get();
        return FileWork.uni(file.sync()).chain(length -> epoch.get() != before ? Uni.createFrom().voidItem()
                : states.save(live, r -> r.withProgress(length, r.bytesTotal(), r.validator(), r.contentType())));
    }
}
