package io.outpost.outbox;

import static io.outpost.store.Timestamps.utc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.outpost.outbox.AcceptOutcome.Accepted;
import io.outpost.outbox.AcceptOutcome.Unavailable;
import io.outpost.store.SqlState;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Group commit for accepts. One group transaction runs at a time; messages that arrive meanwhile queue up,
 * and when it commits everything queued goes out as the next group. Under load many messages share one
 * transaction, one round trip and one WAL flush; an idle agent commits a lone message at once, with no
 * added delay. (Measured: two or more groups in flight only queue on the usage row lock and make smaller
 * groups; one in flight gave the highest rate at 16 and 64 clients.)
 * Callers hear back only after their group has committed, or get {@link Unavailable} once the commit
 * timeout passes, so a hanging store never hangs the API; what commits after that answer is withdrawn
 * (see {@link #withdraw}), so that a 503 means the message will not be delivered as it stands.
 */
final class GroupCommitter {

    private static final Logger LOG = Logger.getLogger(GroupCommitter.class);
    private static final int MAX_IN_FLIGHT = 1;
    private static final String WITHDRAW = "with w as (update outbox_message set status = 'cancelled', body = null, "
            + "updated_at = $2, last_error = 'Committed after its accept had been answered 503; withdrawn' "
            + "where id = any($1) and status = 'queued' returning size) "
            + "update outbox_usage set messages = messages - (select count(*) from w), "
            + "bytes = bytes - (select coalesce(sum(size), 0) from w) where id = 1 returning (select count(*) from w)";

    private final Pool pool;
    private final Vertx vertx;
    private final AcceptTransaction transaction;
    private final int maxGroup;
    private final Duration timeout;
    private final Clock clock;
    private final Consumer<List<UUID>> onEvicted;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private int inFlight;

    GroupCommitter(Pool pool, Vertx vertx, AcceptTransaction transaction, int maxGroup, Duration timeout, Clock clock,
            Consumer<List<UUID>> onEvicted) {
        this.pool = pool;
        this.vertx = vertx;
        this.transaction = transaction;
        this.maxGroup = maxGroup;
        this.timeout = timeout;
        this.clock = clock;
        this.onEvicted = onEvicted;
    }

    private static final class Pending {
        final NewMessage message;
        final CompletableFuture<AcceptOutcome> result = new CompletableFuture<>();
        long timer;

        Pending(NewMessage message) {
            this.message = message;
        }
    }

    CompletableFuture<AcceptOutcome> submit(NewMessage message) {
        Pending p = new Pending(message);
        p.timer = vertx.setTimer(timeout.toMillis(), id -> p.result.complete(
                new Unavailable("The store did not commit within " + timeout.toMillis() + " ms.")));
        boolean start;
        synchronized (this) {
            waiting.add(p);
            start = inFlight < MAX_IN_FLIGHT;
            if (start) {
                inFlight++;
            }
        }
        if (start) {
            commitNext();
        }
        return p.result;
    }

    private void commitNext() {
        List<Pending> group = new ArrayList<>();
        synchronized (this) {
            while (group.size() < maxGroup && !waiting.isEmpty()) {
                Pending p = waiting.poll();
                if (!p.result.isDone()) { // timed out while waiting: the caller was told 503, so store nothing
                    group.add(p);
                }
            }
            if (group.isEmpty()) {
                inFlight--;
                return;
            }
        }
        List<NewMessage> messages = group.stream().map(p -> p.message).toList();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<UUID> evicted = new ArrayList<>();
        // A store that hangs must not hold up later groups: past twice the timeout the next group starts on
        // another connection. This one is not forgotten: if it commits after all, its outcome is still seen.
        AtomicBoolean handedOver = new AtomicBoolean();
        Runnable next = () -> {
            if (handedOver.compareAndSet(false, true)) {
                commitNext();
            }
        };
        long guard = vertx.setTimer(timeout.multipliedBy(2).toMillis(), id -> {
            LOG.warnf("Commit of %d accepted messages is taking over %d ms; the next group goes ahead",
                    group.size(), timeout.multipliedBy(2).toMillis());
            next.run();
        });
        transaction.optimistic(pool, messages, now)
                .onFailure(MessageInsert.OverLimit.class)
                .recoverWithUni(() -> pool.withTransaction(conn -> transaction.planned(conn, messages, now, evicted)))
                .subscribe().with(outcomes -> {
                    vertx.cancelTimer(guard);
                    next.run(); // start the next group before answering this one
                    answer(group, outcomes);
                    if (!evicted.isEmpty()) {
                        onEvicted.accept(evicted);
                    }
                }, failure -> {
                    vertx.cancelTimer(guard);
                    next.run();
                    LOG.warnf("Commit of %d accepted messages failed: %s", group.size(), failure.toString());
                    Unavailable unavailable = new Unavailable(diskFull(failure)
                            ? "The store's disk is full: free space under the agent's data directory."
                            : "The store is unavailable.");
                    group.forEach(p -> finish(p, unavailable));
                });
    }

    /** PostgreSQL's disk_full (53100): the operator has something to do, so the answer says what. */
    private static boolean diskFull(Throwable failure) {
        return SqlState.of(failure).filter("53100"::equals).isPresent();
    }

    private void answer(List<Pending> group, List<AcceptOutcome> outcomes) {
        List<UUID> late = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            Pending p = group.get(i);
            if (!finish(p, outcomes.get(i)) && outcomes.get(i) instanceof Accepted a
                    && p.message.idempotencyKey() == null) {
                late.add(a.message().id());
            }
        }
        if (!late.isEmpty()) {
            withdraw(late);
        }
    }

    /**
     * Messages that committed after their callers were answered 503 are cancelled: those callers retry, and
     * without an idempotency key the retry is a new message, so keeping these would deliver them twice.
     * With a key they stay: the retry finds them. Only a claim in the moment between the commit and this
     * statement can get one on its way first; that is logged.
     */
    private void withdraw(List<UUID> ids) {
        pool.preparedQuery(WITHDRAW).execute(Tuple.of(ids.toArray(UUID[]::new), utc(clock.instant()))).subscribe().with(
                rs -> {
                    long done = rs.iterator().next().getLong(0);
                    LOG.warnf("%d message(s) committed after the accept timeout had answered 503; %d withdrawn "
                            + "(cancelled) so that the retry is not delivered twice: %s", ids.size(), done, ids);
                },
                failure -> LOG.errorf("Could not withdraw messages that committed after a 503 (%s): %s; they "
                        + "may be delivered twice", failure.toString(), ids));
    }

    /** False when the caller had already been answered (the commit timeout passed). */
    private boolean finish(Pending p, AcceptOutcome outcome) {
        vertx.cancelTimer(p.timer);
        return p.result.complete(outcome);
    }
}
