package io.outpost.transfer;

import java.nio.file.Files;
import java.time.Clock;
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
import java.time.Instant;

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
    private final TransferParts parts;
    private final Retention retention;
    private final Map<UUID, Live> live = new ConcurrentHashMap<>();
    private final RunQueue queue;

    Transfers(OutpostConfig config, TransferStore store, Pipelines pipelines, LinkMonitor links,
            TransferMetrics metrics, Vertx vertx, Clock clock) {
        this.config = config;
        this.store = store;
        this.parts = new TransferParts(store, pipelines, links,
                new TransferFiles(config.dataDir().resolve("transfers")), metrics, vertx, clock,
                Infrastructure.getDefaultWorkerPool(), config.transfers().progressInterval());
        this.retention = new Retention(store, parts, config.transfers().retention());
        this.queue = new RunQueue(parts, config.routes(), config.transfers().concurrency(),
                l -> live.remove(l.row().id()));
    }

    void start(@Observes StartupEvent event) {
        parts.links().onChange(change -> {
            if (change.route() != null && change.reachable()) {
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
        return live.containsKey(id) ? Uni.createFrom().item(Removal.UNFINISHED) : retention.remove(id);
    }

    void stop(@Observes ShutdownEvent event) {
        queue.stop();
    }

    public TransferFiles files() {
        return parts.files();
    }

    /**
     * Spools an upload's body to {@code <data-dir>/transfers/<id>.upload}, synced; its length. Fails with
     * {@link UploadRefused} when it is too large, would take more than {@code room} (see {@link #room()}, read
     * once by the caller for its up-front check too), or the disk fails it, the file removed either way.
     */
    public Uni<Long> spool(UUID id, ReadStream<Buffer> body, long max, long room) {
        return Spool.receive(body, parts.files().spool(id), max, room, parts, parts.vertx().getOrCreateContext())
                .onFailure(Spool.TooLarge.class).transform(e -> new UploadRefused(413, e.getMessage()))
                .onFailure(Spool.NoRoom.class).transform(e -> new UploadRefused(507, e.getMessage()))
                .onFailure(e -> LocalFileException.in(e) != null)
                .transform(e -> new UploadRefused(507, LocalFileException.in(e).getMessage()));
    }

    /** Bytes an upload may take on the spool's disk now, keeping {@code min-free-space} free. */
    public long room() {
        return parts.files().room(config.transfers().minFreeSpace().asLongValue());
    }

    /** Commits a new transfer (the 202 waits for this), then queues it. */
    public Uni<Transfer> accept(UUID id, String route, String path, Transfer.Direction direction, String contentType,
            String sha256, Long bytesTotal) {
        Transfer t = new Transfer(id, route, path, direction, TransferState.QUEUED, contentType, sha256, 0, bytesTotal,
                null, 0, null, null, parts.clock().instant(), null);
        return store.insert(t).invoke(() -> queue.enqueue(register(t))).replaceWith(t);
    }

    /** Removes whatever files the transfer has (an upload whose commit failed). */
    public Uni<Void> discard(UUID id) {
        return parts.blocking(() -> {
            parts.files().remove(id);
            return null;
        }).replaceWithVoid();
    }

    public Uni<Optional<Transfer>> find(UUID id) {
        return store.find(id);
    }

    public Uni<Optional<TransferView>> view(UUID id) {
        Live l = live.get(id);
        return l != null ? Uni.createFrom().item(Optional.of(l.view()))
                : store.find(id).map(t -> t.map(TransferView::of));
    }

    /**
     * The transfer's view now, then at every state change and, while bytes move, at most every 500 ms;
     * ends after completed or failed. Empty for an unknown id.
     */
    public Multi<TransferView> progress(UUID id) {
        Live l = live.get(id);
        return l != null ? ProgressFeed.of(l, parts.vertx())
                : view(id).onItem().transformToMulti(v -> Multi.createFrom().optional(v));
    }

    private void recover(Transfer t) {
        if (t.direction() == Transfer.Direction.UPLOAD && !Files.exists(parts.files().spool(t.id()))) {
            store.update(t.withAttempt(t.attempts(), null, "the spooled body is gone")
                    .withState(TransferState.FAILED, parts.clock().instant()), parts.clock().instant())
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
        Live l = register(t.withState(TransferState.QUEUED, parts.clock().instant()));
        if (started) {
            l.markSentBefore(); // it ran when the agent stopped: the upstream may hold part of it
        }
        queue.enqueue(l);
    }

    private Live register(Transfer t) {
        Live l = new Live(t, parts.clock());
        live.put(t.id(), l);
        return l;
    }
}
