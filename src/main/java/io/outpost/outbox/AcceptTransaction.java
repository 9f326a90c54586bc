package io.outpost.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.outpost.outbox.AcceptOutcome.Accepted;
import io.outpost.outbox.AcceptOutcome.Duplicate;
import io.outpost.outbox.AcceptOutcome.Full;
import io.outpost.outbox.CapacityPlan.Candidate;
import io.outpost.outbox.CapacityPlan.Decision;
import io.outpost.outbox.CapacityPlan.Limits;
import io.outpost.outbox.CapacityPlan.Usage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The SQL of one commit group, in two flavours. {@link #optimistic} stores the group with one call that is
 * its own transaction and locks the usage row only from its final update to the commit, so several groups
 * overlap; if the group would take the outbox over a limit it stores nothing and fails with
 * {@link MessageInsert.OverLimit}, and the caller runs {@link #planned} in a transaction that locks the
 * usage first and decides with {@link CapacityPlan} what fits and what the full-policy evicts. Idempotency
 * keys repeated inside the group are folded onto their first occurrence before either.
 */
final class AcceptTransaction {

    private final Limits limits;
    private final Evictions evictions;

    AcceptTransaction(Limits limits) {
        this.limits = limits;
        this.evictions = new Evictions(limits.policy());
    }

    Uni<List<AcceptOutcome>> optimistic(Pool pool, List<NewMessage> group, Instant now) {
        Folded folded = Folded.of(group);
        return MessageInsert.insert(pool, group, folded.firsts, now, limits).map(result -> {
            AcceptOutcome[] outcomes = new AcceptOutcome[group.size()];
            result.stored().forEach((i, r) -> outcomes[i] = new Accepted(r));
            result.duplicates().forEach((i, r) -> outcomes[i] = new Duplicate(r));
            return folded.complete(outcomes);
        });
    }

    /** Outcomes in group order; the ids the full-policy evicted are added to {@code evicted}. */
    Uni<List<AcceptOutcome>> planned(SqlConnection conn, List<NewMessage> group, Instant now, List<UUID> evicted) {
        Folded folded = Folded.of(group);
        AcceptOutcome[] outcomes = new AcceptOutcome[group.size()];
        return conn.query("select messages, bytes from outbox_usage where id = 1 for update").execute()
                .map(rows -> rows.iterator().next())
                .map(r -> new Usage(r.getLong("messages"), r.getLong("bytes")))
                .chain(usage -> MessageInsert.existing(conn, group, folded.keyed()).chain(dups -> {
                    dups.forEach((i, r) -> outcomes[i] = new Duplicate(r));
                    List<Candidate> candidates = folded.firsts.stream().filter(i -> !dups.containsKey(i))
                            .map(i -> new Candidate(i, group.get(i).body().length, group.get(i).priority())).toList();
                    return evictions.victims(conn, usage, limits, candidates)
                            .map(victims -> CapacityPlan.decide(usage, limits, candidates, victims))
                            .chain(decision -> apply(conn, group, candidates, decision, now, outcomes, evicted));
                }))
                .map(v -> folded.complete(outcomes));
    }

    private Uni<Void> apply(SqlConnection conn, List<NewMessage> group, List<Candidate> candidates, Decision decision,
            Instant now, AcceptOutcome[] outcomes, List<UUID> evicted) {
        List<Integer> admitted = new ArrayList<>();
        for (Candidate c : candidates) {
            if (decision.admitted().get(c.index())) {
                admitted.add(c.index());
            } else {
                outcomes[c.index()] = new Full(fullDetail());
            }
        }
        // the plan was made under the usage lock; the insert moves the usage by what it really stores
        return evictions.evict(conn, decision.evicted(), now).invoke(evicted::addAll)
                .chain(() -> MessageInsert.insert(conn, group, admitted, now, null))
                .invoke(result -> {
                    result.stored().forEach((i, r) -> outcomes[i] = new Accepted(r));
                    result.duplicates().forEach((i, r) -> outcomes[i] = new Duplicate(r));
                }).replaceWithVoid();
    }

    private String fullDetail() {
        return switch (limits.policy()) {
            case REJECT -> "The outbox holds its maximum (" + limits.maxMessages() + " messages or "
                    + limits.maxBytes() + " bytes) and outpost.outbox.full-policy is reject.";
            case DROP_OLDEST -> "The message does not fit even after evicting every evictable message.";
            case DROP_LOWEST_PRIORITY -> "The outbox is full of messages at least as urgent as this one.";
        };
    }

    /** A group with repeated idempotency keys folded onto their first occurrence. */
    private record Folded(List<NewMessage> group, List<Integer> firsts, Map<Integer, Integer> repeats) {

        static Folded of(List<NewMessage> group) {
            Map<String, Integer> first = new HashMap<>();
            List<Integer> firsts = new ArrayList<>();
            Map<Integer, Integer> repeats = new HashMap<>();
            for (int i = 0; i < group.size(); i++) {
                NewMessage m = group.get(i);
                Integer earlier = m.idempotencyKey() == null ? null
                        : first.putIfAbsent(m.route() + '\0' + m.idempotencyKey(), i);
                if (earlier == null) {
                    firsts.add(i);
                } else {
                    repeats.put(i, earlier);
                }
            }
            return new Folded(group, firsts, repeats);
        }

        List<Integer> keyed() {
            return firsts.stream().filter(i -> group.get(i).idempotencyKey() != null).toList();
        }

        /** Repeats get their first occurrence's outcome; a new message is a duplicate to its repeats. */
        List<AcceptOutcome> complete(AcceptOutcome[] outcomes) {
            repeats.forEach((i, first) -> outcomes[i] = outcomes[first] instanceof Accepted a
                    ? new Duplicate(a.message()) : outcomes[first]);
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == null) { // a key clash whose winner vanished: let the client retry
                    outcomes[i] = new AcceptOutcome.Unavailable("A concurrent accept with the same key was undone.");
                }
            }
            return List.of(outcomes);
        }
    }
}
