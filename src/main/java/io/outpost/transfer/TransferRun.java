package io.outpost.transfer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import io.outpost.config.RouteConfig;
import io.outpost.upstream.Backoff;
import io.outpost.upstream.Classifier;
import io.outpost.upstream.LinkGate;
import io.outpost.upstream.Outcome;
import io.outpost.upstream.Pipelines;
import io.outpost.upstream.RetryDecision;
import io.outpost.upstream.RetryDecision.Verdict;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;

/**
 * One transfer from running to finished, attempt after attempt: a retryable failure (408, 425, 429, 5xx,
 * timeouts, dropped connections) waits out the route's backoff (at least any Retry-After) and tries again;
 * another 4xx fails it. When the route is unreachable it pauses, handing its slot back, and runs again when
 * the route returns. Both resume: a download with a Range, an upload from what the upstream says it holds
 * (where the upstream does not resume uploads, it gets the whole body again).
 */
final class TransferRun {

    private static final Logger LOG = Logger.getLogger(TransferRun.class);
    /** Error answers are read this far, for the excerpt in lastError. */
    static final int EXCERPT_BYTES = 4096;

    /** How a run ended. */
    enum End {
        FINISHED, PAUSED, STOPPED
    }

    private final ActiveTransfer live;
    private final RouteConfig route;
    private final Attempts attempts;
    private final StateWriter states;
    private final FileWork work;
    private final TransferFiles files;
    private final LinkGate links;
    private final Pipelines pipelines;
    private final TransferMetrics metrics;
    private final Clock clock;
    private final RetryDecision decision;
    private final BooleanSupplier stopping;
    /** False once the upstream showed it does not resume uploads; it is not asked again. */
    private volatile boolean resumable = true;

    /** {@code stopping}: whether the agent is stopping, asked before each attempt. */
    TransferRun(ActiveTransfer live, RouteConfig route, BooleanSupplier stopping, Attempts attempts, StateWriter states,
            FileWork work, TransferFiles files, LinkGate links, Pipelines pipelines, TransferMetrics metrics,
            Clock clock) {
        this.live = live;
        this.route = route;
        this.attempts = attempts;
        this.states = states;
        this.work = work;
        this.files = files;
        this.links = links;
        this.pipelines = pipelines;
        this.metrics = metrics;
        this.clock = clock;
        this.decision = new RetryDecision(new Backoff(route.retry().initialDelay(), route.retry().maxDelay(),
                new Random()), route.retry().maxAttempts());
        this.stopping = stopping;
    }

    Uni<End> run() {
        return states.save(live, t -> t.withState(TransferState.RUNNING, clock.instant()))
                .chain(this::loop);
    }

    private Uni<End> loop() {
        if (stopping.getAsBoolean()) {
            return Uni.createFrom().item(End.STOPPED);
        }
        Uni<Outcome> attempt = live.row().direction() == Transfer.Direction.DOWNLOAD
                ? attempts.download(live, route).run()
                : attempts.upload(live, route, () -> resumable = false).run(resumable && live.progress().sentBefore());
        return attempt.onFailure().recoverWithItem(this::classify).chain(this::after);
    }

    private Outcome classify(Throwable failure) {
        LocalFileException local = LocalFileException.in(failure);
        return local != null ? new Outcome.Dead(0, local.getMessage())
                : Classifier.classify(failure, clock.instant());
    }

    private Uni<End> after(Outcome outcome) {
        Transfer t = live.row();
        if (outcome instanceof Outcome.Retry && stopping.getAsBoolean()) {
            return Uni.createFrom().item(End.STOPPED); // the failure is the stop's; the next start goes on
        }
        Instant now = clock.instant();
        Verdict verdict = decision.after(t.attempts(), outcome, now);
        if (verdict instanceof Verdict.Delivered d) {
            return finish(t.withAttempt(d.attempts(), d.status(), null), TransferState.COMPLETED);
        }
        if (verdict instanceof Verdict.Dead d) {
            return finish(t.withAttempt(d.attempts(), d.status(), d.error()), TransferState.FAILED);
        }
        if (verdict instanceof Verdict.NotAttempted n) {
            Duration delay = Duration.between(now, n.at());
            if (!links.reachable(t.route())) {
                return states.save(live, r -> r.withAttempt(r.attempts(), r.lastStatus(), n.error())
                        .withState(TransferState.PAUSED, now)).replaceWith(End.PAUSED);
            }
            if (pipelines.circuit(t.route()) == CircuitBreakerState.OPEN && t.state() != TransferState.PAUSED) {
                // Waits here, trying again until the breaker lets a probe through; shown as paused meanwhile
                // (a "running" transfer that moves nothing for the breaker's whole delay looks stuck).
                return states.save(live, r -> r.withAttempt(r.attempts(), r.lastStatus(), "the route's circuit "
                        + "breaker is open (its upstream kept failing); waiting for it to let a request through")
                        .withState(TransferState.PAUSED, now)).chain(() -> wait(delay));
            }
            return wait(delay);
        }
        Verdict.Again again = (Verdict.Again) verdict;
        Duration delay = Duration.between(now, again.at());
        LOG.debugf("Transfer %s: %s; next attempt in %d ms", t.id(), again.error(), delay.toMillis());
        return states.save(live, r -> running(r.withAttempt(again.attempts(), again.status(), again.error())))
                .chain(() -> wait(delay));
    }

    /** A transfer paused by an open circuit runs again once a request got through. */
    private Transfer running(Transfer r) {
        return r.state() == TransferState.PAUSED ? r.withState(TransferState.RUNNING, clock.instant()) : r;
    }

    private Uni<End> wait(Duration delay) {
        Uni<Void> pause = Uni.createFrom().voidItem();
        return (delay.isZero() || delay.isNegative() ? pause : pause.onItem().delayIt().by(delay)).chain(this::loop);
    }

    private Uni<End> finish(Transfer row, TransferState state) {
        UUID id = row.id();
        boolean keepContent = state == TransferState.COMPLETED && row.direction() == Transfer.Direction.DOWNLOAD;
        Transfer done = row.withProgress(state == TransferState.COMPLETED ? live.progress().done() : row.bytesDone(),
                row.bytesTotal(), row.validator(), row.contentType()).withState(state, clock.instant());
        return work.run(() -> {
            if (!keepContent) {
                files.remove(id); // a failed download leaves nothing half-stored; a sent upload is done
            }
            return null;
        }).chain(() -> states.save(live, r -> done)).invoke(() -> {
            metrics.finished(done, state);
            LOG.infof("Transfer %s (%s %s%s) %s%s", id, done.direction().wire(), done.route(), done.path(),
                    state.wire(), done.lastError() == null ? "" : ": " + done.lastError());
        }).replaceWith(End.FINISHED);
    }
}
