package io.outpost.transfer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Removes finished transfers, their files first and then their rows: a crash between the two leaves a row
 * without a file (served as "content gone", and removed by the next pass), never a file nobody knows of.
 */
final class Retention {

    static final int CHUNK = 500;
    private static final Logger LOG = Logger.getLogger(Retention.class);
    private static final long EVERY_MS = 3_600_000;

    private final TransferStore store;
    private final TransferFiles files;
    private final FileWork work;
    private final Vertx vertx;
    private final Clock clock;
    private final Duration keep;

    Retention(TransferStore store, TransferFiles files, FileWork work, Vertx vertx, Clock clock, Duration keep) {
        this.store = store;
        this.files = files;
        this.work = work;
        this.vertx = vertx;
        this.clock = clock;
        this.keep = keep;
    }

    /** A pass now and then every hour; files left by a crash go at once. */
    void start() {
        orphans(clock.instant()).subscribe().with(n -> {
            if (n > 0) {
                LOG.infof("Removed the files of %d transfer(s) that were never stored (a body still arriving when "
                        + "the agent stopped)", n);
            }
        }, failure -> LOG.warnf("Could not look for files left by a crash: %s", failure));
        pass();
        vertx.setPeriodic(EVERY_MS, id -> pass());
    }

    private void pass() {
        purge(clock.instant()).subscribe().with(n -> {
            if (n > 0) {
                LOG.infof("Removed %d finished transfer(s) past outpost.transfers.retention", n);
            }
        }, failure -> LOG.warnf("Could not remove old transfers: %s", failure));
    }

    /** Removes what finished more than the retention before {@code now}; how many transfers went. */
    Uni<Integer> purge(Instant now) {
        return store.finishedBefore(now.minus(keep), CHUNK).chain(ids -> ids.isEmpty() ? Uni.createFrom().item(0)
                : remove(ids).chain(gone -> ids.size() < CHUNK ? Uni.createFrom().item(gone.size())
                        : purge(now).map(more -> gone.size() + more)));
    }

    /**
     * Removes the files, written before {@code startedAt}, of transfers without a row: a body being spooled
     * when the agent was killed (its row is written only once the body is whole and synced); how many.
     */
    Uni<Integer> orphans(Instant startedAt) {
        return work.run(() -> List.copyOf(files.idsOfFilesBefore(startedAt))).chain(ids -> ids.isEmpty()
                ? Uni.createFrom().item(0)
                : store.known(ids).chain(known -> {
                    List<UUID> orphans = ids.stream().filter(id -> !known.contains(id)).toList();
                    return work.run(() -> {
                        orphans.forEach(files::remove);
                        return orphans.size();
                    });
                }));
    }

    /** Removes the transfer now if it has finished (the caller knows it is not under way in this run). */
    Uni<Transfers.Removal> remove(UUID id) {
        return store.find(id).chain(t -> t.isEmpty() ? Uni.createFrom().item(Transfers.Removal.UNKNOWN)
                : !t.get().state().finished() ? Uni.createFrom().item(Transfers.Removal.UNFINISHED)
                        : remove(List.of(id)).map(gone -> gone.isEmpty() ? Transfers.Removal.UNFINISHED
                                : Transfers.Removal.REMOVED));
    }

    /** Removes these finished transfers now; the ids that went (a transfer not finished stays). */
    Uni<List<UUID>> remove(List<UUID> ids) {
        return work.run(() -> {
            ids.forEach(files::remove);
            return null;
        }).chain(() -> store.deleteFinished(ids));
    }
}
