package io.outpost.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

import io.outpost.config.RouteBatchConfig;
import io.outpost.upstream.Outcome;

/**
 * One batch on its way, and the halves still to send after a refusal. A client error (a 4xx that is not
 * retryable) for a group of several means one of them at least is poison: the group is split in two and
 * each half sent in turn, first half first, down to single messages, so only the refused one takes the
 * refusal and every other member its own answer. The halves go at once, in the batch's slot, under the
 * members' claims: nothing of the split is stored, and should the agent die mid-split, the claims run out and
 * the whole batch goes again. Pure; used on its lane's context only.
 */
final class Batch {

    private final UUID id;
    private final int priority;
    private final Deque<List<Claimed>> groups = new ArrayDeque<>();

    private Batch(List<Claimed> members) {
        this.id = members.get(0).id();
        this.priority = members.get(0).priority();
        groups.add(members);
    }

    /**
     * The head of {@code ready} and what follows it, while the members fit: batchable, at most
     * {@code max-messages} and {@code max-bytes}. The caller has checked that the head fits.
     */
    static Batch take(ReadyQueue ready, RouteBatchConfig config) {
        List<Claimed> members = new ArrayList<>(Math.min(config.maxMessages(), ready.size()));
        long bytes = 0;
        while (!ready.isEmpty() && members.size() < config.maxMessages()) {
            Claimed next = ready.peek();
            if (!members.isEmpty() && (bytes + next.body().length() + 1 > config.maxBytes()
                    || !BatchFormat.fits(next, config))) {
                break;
            }
            bytes += next.body().length() + 1;
            members.add(ready.poll());
        }
        return new Batch(members);
    }

    /** For {@link RouteLane#stop}'s bookkeeping: the first member's id stands for the batch. */
    UUID id() {
        return id;
    }

    /** The most urgent member's: a batch goes in the order of its first member. */
    int priority() {
        return priority;
    }

    /** The group to send now. */
    List<Claimed> current() {
        return groups.peek();
    }

    /**
     * The current group got {@code outcome}. True when it was split (its halves are the next groups) and
     * false when its members take that outcome as their result.
     */
    boolean split(Outcome outcome) {
        List<Claimed> group = groups.poll();
        if (!(outcome instanceof Outcome.Dead) || group.size() < 2) {
            return false;
        }
        int half = group.size() / 2;
        groups.addFirst(group.subList(half, group.size()));
        groups.addFirst(group.subList(0, half));
        return true;
    }

    boolean done() {
        return groups.isEmpty();
    }
}
