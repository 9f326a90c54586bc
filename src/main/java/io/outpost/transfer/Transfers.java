package io.outpost.transfer;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.outpost.config.OutpostConfig;
import io.outpost.connectivity.LinkMonitor;
import io.outpost.upstream.Pipelines;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The transfers: accepted ones are committed, then queued; at most {@code outpost.transfers.concurrency}
 * run at once. A transfer whose route is unreachable is parked (its slot goes to another route's) until
 * the link monitor reports the route back. At start, what a previous run left unfinished is queued again:
 * downloads resume from their recorded offset, uploads send their spooled body again.
 */
@ApplicationScoped
public class Transfers {

    private static final Logger LOG = Logger.getLogger(Transfers.class);

    /** What {@link #remove(UUID)} did. */
    public enum Removal {
        REMOVED, UNKNOWN, UNFINISHED
    }

    private final OutpostConfig config;
    private final TransferStore store;
    private final LinkMonitor links;
    private final TransferFiles files;
    private final FileWork work;
    private final Vertx vertx;
    private final Clock clock;
    private final Retention retention;
    private final Map<UUID, ActiveTransfer> active = new ConcurrentHashMap<>();
    private final RunQueue queue;

    Transfers(OutpostConfig config, TransferStore store, Pipelines pipelines, LinkMonitor links,
            TransferMetrics metrics, Vertx vertx, Clock clock) {
        this.config = config;
        this.store = store;
        this.links = links;
        this.files = new TransferFiles(config.dataDir().resolve("transfers"));
        this.work = new FileWork(Infrastructure.getDefaultWorkerPool());
        this.vertx = vertx;
        this.clock = clock;
        this.retention = new Retention(store, files, work, vertx, clock, config.transfers().retention());
        StateWriter states = new StateWriter(store, clock);
        Attempts attempts = new Attempts(pipelines, files, work, states, metrics, vertx, clock,
                config.transfers().progressInterval());
        this.queue = new RunQueue(states, links, vertx, clock,
                (l, stopping) -> new TransferRun(l, config.routes().get(l.row().route()), stopping, attempts, states,
                        work, files, links, pipelines, metrics, clock),
                config.transfers().concurrency(), l -> active.remove(l.row().id()));
    }

    void start(@Observes StartupEvent event) {
        links.onRouteChange(change -> {
            if (change.reachable()) {
                queue.unpark(change.route());
            }
        });
        store.unfinished().subscribe().with(list -> list.forEach(this::recover),
                failure -> LOG.warnf("Could not load unfinished transfers: %s", failure));
        retention.start();
    }

    /** Removes the transfers (and files) that finished more than the retention before {@code now}. */
    public Uni<Integer> purge(Instant now) {
        return retention.purge(now);
    }

    /** Removes the files, written before {@code startedAt}, of transfers never stored (done once at start). */
    Uni<Integer> removeOrphans(Instant startedAt) {
        return retention.orphans(startedAt);
    }

    /** Removes a finished transfer and its file now; one still under way stays. */
    public Uni<Removal> remove(UUID id) {
        return active.containsKey(id) ? Uni.createFrom().item(Removal.UNFINISHED) : retention.remove(id);
    }

    void stop(@Observes ShutdownEvent event) {
        queue.stop();
    }

    public TransferFiles files() {
        return files;
    }

    /**
     * Spools an upload's body to {@code <data-dir>/transfers/<id>.upload}, synced; its length. Fails with
     * {@link UploadRefused} when it is too large, would take more than {@code room} (see {@link #room()}, read
     * once by the caller for its up-front check too), or the disk fails it, the file removed either way.
     */
    public Uni<Long> spool(UUID id, ReadStream<Buffer> body, long max, long room) {
        return Spool.receive(body, files.spool(id), max, room, files, work, vertx.getOrCreateContext())
                .onFailure(Spool.TooLarge.class).transform(e -> new UploadRefused(413, e.getMessage()))
                .onFailure(Spool.NoRoom.class).transform(e -> new UploadRefused(507, e.getMessage()))
                .onFailure(e -> LocalFileException.in(e) != null)
                .transform(e -> new UploadRefused(507, LocalFileException.in(e).getMessage()));
    }

    /** Bytes an upload may take on the spool's disk now, keeping {@code min-free-space} free. */
    public long room() {
        return files.room(config.transfers().minFreeSpace().asLongValue());
    }

    /** Commits a new transfer (the 202 waits for this), then queues it. */
    public Uni<Transfer> accept(UUID id, String route, String path, Transfer.Direction direction, String contentType,
            String sha256, Long bytesTotal) {
        Transfer t = new Transfer(id, route, path, direction, TransferState.QUEUED, contentType, sha256, 0, bytesTotal,
                null, 0, null, null, clock.instant(), null);
        return store.insert(t).invoke(() -> queue.enqueue(register(t))).replaceWith(t);
    }

    /** Removes whatever files the transfer has (an upload whose commit failed). */
    public Uni<Void> discard(UUID id) {
        return work.run(() -> {
            files.remove(id);
            return null;
        }).replaceWithVoid();
    }

    /**
     * The transfer as {@link #view} shows it: a running one's state is its live row, which is ahead of the
     * store's while a change is being written (a download shown completed has its content served at once).
     */
    public Uni<Optional<Transfer>> find(UUID id) {
        ActiveTransfer l = active.get(id);
        return l != null ? Uni.createFrom().item(Optional.of(l.row())) : store.find(id);
    }

    public Uni<Optional<TransferView>> view(UUID id) {
        ActiveTransfer l = active.get(id);
        return l != null ? Uni.createFrom().item(Optional.of(l.view()))
                : store.find(id).map(t -> t.map(TransferView::of));
    }

    /** The {@code limit} newest transfers, newest first, each running one as it is now (not as last written). */
    public Uni<List<TransferView>> newest(int limit) {
        return store.newest(limit).map(rows -> rows.stream().map(t -> {
            ActiveTransfer l = active.get(t.id());
            return l != null ? l.view() : TransferView.of(t);
        }).toList());
    }

    /**
     * The transfer's view now, then at every state change and, while bytes move, at most every 500 ms;
     * ends after completed or failed. Empty for an unknown id.
     */
    public Multi<TransferView> progress(UUID id) {
        ActiveTransfer l = active.get(id);
        return l != null ? ProgressFeed.of(l, vertx)
                : view(id).onItem().transformToMulti(v -> Multi.createFrom().optional(v));
    }

    private void recover(Transfer t) {
        if (t.direction() == Transfer.Direction.UPLOAD && !Files.exists(files.spool(t.id()))) {
            store.update(t.withAttempt(t.attempts(), null, "the spooled body is gone")
                    .withState(TransferState.FAILED, clock.instant()), clock.instant())
                    .subscribe().with(v -> { }, e -> LOG.warnf("Transfer %s: %s", t.id(), e));
            return;
        }
        if (!config.routes().containsKey(t.route())) {
            LOG.warnf("Transfer %s waits: route %s is no longer configured", t.id(), t.route());
            return;
        }
        boolean started = t.state() != TransferState.QUEUED;
        if (t.direction() == Transfer.Direction.DOWNLOAD) {
            LOG.infof("Transfer %s (download) continues from byte %d", t.id(), t.bytesDone());
        } else {
            LOG.infof("Transfer %s (upload) continues%s", t.id(), started ? " from what its upstream holds" : "");
        }
        ActiveTransfer l = register(t.withState(TransferState.QUEUED, clock.instant()));
        if (started) {
            l.progress().markSentBefore(); // it ran when the agent stopped: the upstream may hold part of it
        }
        queue.enqueue(l);
    }

    private ActiveTransfer register(Transfer t) {
        ActiveTransfer l = new ActiveTransfer(t, clock);
        active.put(t.id(), l);
        return l;
    }
}
