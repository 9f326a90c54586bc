package io.outpost.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiPredicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.outpost.config.OutboxConfig;
import io.outpost.config.OutpostConfig;
import io.outpost.outbox.CapacityPlan.Limits;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/** The outbox's public surface: accept, look up, list, cancel and retry messages. */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    /** A claim whose lease ran out holds nothing: its message is queued (as the relay's sweep would do). */
    private static final String FREE_EXPIRED_CLAIM = "update outbox_message set status = 'queued' where id = :id "
            + "and status = 'delivering' and (claim_until is null or claim_until < statement_timestamp())";

    private final GroupCommitter committer;
    private final OutboxMetrics metrics;
    private final Clock clock;
    private final WorkSignal signal;
    private final MessageChanges changes;

    Outbox(Pool pool, Vertx vertx, OutpostConfig config, OutboxMetrics metrics, Clock clock, WorkSignal signal,
            MessageChanges changes) {
        OutboxConfig outbox = config.outbox();
        Limits limits = new Limits(outbox.maxMessages(), outbox.maxBytes().asLongValue(), outbox.fullPolicy());
        this.metrics = metrics;
        this.clock = clock;
        this.signal = signal;
        this.changes = changes;
        this.committer = new GroupCommitter(pool, vertx, new AcceptTransaction(limits), outbox.commitBatchSize(),
                outbox.commitTimeout(), clock, this::evicted);
    }

    /** Result of a state change requested through the API. */
    public sealed interface Change {
        record Done(MessageRecord message) implements Change {
        }

        record NotFound() implements Change {
        }

        record Conflict(MessageStatus status) implements Change {
        }
    }

    /** A page of {@link #list}; {@code hasMore} says whether a next page exists after its last item. */
    public record Page(List<MessageRecord> items, boolean hasMore) {
    }

    public Uni<AcceptOutcome> accept(NewMessage message) {
        return Uni.createFrom().completionStage(committer.submit(message)).invoke(outcome -> {
            metrics.accepted(message, outcome);
            if (outcome instanceof AcceptOutcome.Accepted) {
                signal.queued(message.route(), message.priority());
            }
        });
    }

    public Uni<Optional<MessageRecord>> find(UUID id) {
        return Panache.withSession(() -> OutboxMessage.<OutboxMessage>findById(id))
                .map(m -> Optional.ofNullable(m).map(OutboxMessage::toRecord));
    }

    /** Messages after {@code afterCursor}, oldest first, optionally filtered by route and status. */
    public Uni<Page> list(Optional<String> route, Optional<MessageStatus> status, long afterCursor, int limit) {
        StringBuilder where = new StringBuilder("seq > :after");
        Parameters params = Parameters.with("after", afterCursor);
        route.ifPresent(r -> {
            where.append(" and route = :route");
            params.and("route", r);
        });
        status.ifPresent(s -> {
            where.append(" and status = :status");
            params.and("status", s);
            if (s == MessageStatus.QUEUED) {
                // Spelled so that PostgreSQL can answer it from the relay's two queue indexes (unkeyed, keyed)
                // instead of walking the primary key through the delivered history to the queue.
                where.append(" and (orderingKey is null or orderingKey is not null)");
            }
        });
        return Panache.withSession(() -> OutboxMessage.<OutboxMessage>find(where.toString(), Sort.by("seq"), params)
                .range(0, limit).list())
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<MessageRecord> items = rows.stream().limit(limit).map(OutboxMessage::toRecord).toList();
                    return new Page(items, more);
                });
    }

    /**
     * Cancels a queued or dead message: it will not be delivered, and its body is dropped. A message whose
     * claim's lease ran out (its agent is gone) counts as queued.
     */
    public Uni<Change> cancel(UUID id) {
        return change(id, (m, freed) -> m.status == MessageStatus.QUEUED || m.status == MessageStatus.DEAD,
                (m, now) -> {
            int size = m.bodySize;
            m.status = MessageStatus.CANCELLED;
            m.updatedAt = now;
            return Panache.getSession().chain(s -> s.createNativeQuery(
                    "update outbox_message set body = null where id = :id").setParameter("id", m.id).executeUpdate()
                    .chain(() -> s.createNativeQuery(
                            "update outbox_usage set messages = messages - 1, bytes = bytes - :size where id = 1")
                            .setParameter("size", size).executeUpdate()))
                    .replaceWithVoid();
        });
    }

    /**
     * Puts a dead or expired message back in the queue with a fresh attempt budget (and TTL, if it had one);
     * also a message whose claim's lease ran out (its agent is gone), due at once.
     */
    public Uni<Change> retry(UUID id) {
        return change(id, (m, freed) -> freed || m.status == MessageStatus.DEAD || m.status == MessageStatus.EXPIRED,
                (m, now) -> {
            if (m.expiresAt != null) {
                m.expiresAt = now.plus(Duration.between(m.acceptedAt, m.expiresAt));
            }
            m.status = MessageStatus.QUEUED;
            m.attempts = 0;
            m.nextAttemptAt = now;
            m.updatedAt = now;
            return Uni.createFrom().voidItem(); // dead and expired are held already: the usage does not move
        }).invoke(change -> {
            if (change instanceof Change.Done done) {
                signal.queued(done.message().route(), done.message().priority());
            }
        });
    }

    private interface Mutation {
        Uni<Void> apply(OutboxMessage message, Instant now);
    }

    /**
     * Runs {@code mutation} on the locked message if {@code allowed}, which also learns whether the message
     * was delivering under a claim whose lease ran out, and was queued again just now.
     */
    private Uni<Change> change(UUID id, BiPredicate<OutboxMessage, Boolean> allowed, Mutation mutation) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Uni<Change> changed = Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery(FREE_EXPIRED_CLAIM)
                .setParameter("id", id).executeUpdate())
                .chain(freed -> OutboxMessage.<OutboxMessage>findById(id, LockModeType.PESSIMISTIC_WRITE).chain(m -> {
                    if (m == null) {
                        return Uni.createFrom().item(new Change.NotFound());
                    }
                    if (!allowed.test(m, freed > 0)) {
                        return Uni.createFrom().item(new Change.Conflict(m.status));
                    }
                    return mutation.apply(m, now).map(v -> new Change.Done(m.toRecord()));
                })));
        return changed.invoke(c -> {
            if (c instanceof Change.Done) {
                changes.changed(); // committed: readers of the feed may look
            }
        });
    }

    private void evicted(List<UUID> ids) {
        LOG.warnf("Outbox full: evicted %d message(s): %s", ids.size(), ids);
        metrics.evicted(ids.size());
    }
}
