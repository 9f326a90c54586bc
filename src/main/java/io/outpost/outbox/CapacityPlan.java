package io.outpost.outbox;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import io.outpost.config.OutboxConfig.FullPolicy;

/**
 * Decides which messages of a commit group fit into the outbox, and which held messages the full-policy
 * evicts to make room. Pure: the store reads the usage and the eviction candidates, this decides.
 */
final class CapacityPlan {

    record Limits(long maxMessages, long maxBytes, FullPolicy policy) {
    }

    record Usage(long messages, long bytes) {
        Usage plus(long m, long b) {
            return new Usage(messages + m, bytes + b);
        }
    }

    /** A message of the group; {@code index} is its position in the group. */
    record Candidate(int index, long size, int priority) {
    }

    /** A held message that may be evicted, in the order the policy prefers to evict. */
    record Victim(UUID id, long size, int priority) {
    }

    /** The outcome: which candidates are admitted, which victims go, and the usage afterwards. */
    record Decision(BitSet admitted, List<Victim> evicted, Usage after) {
    }

    private CapacityPlan() {
    }

    /** How far over the limits the group would take the outbox if everything were admitted. */
    static Usage overflow(Usage usage, Limits limits, List<Candidate> candidates) {
        long bytes = candidates.stream().mapToLong(Candidate::size).sum();
        return new Usage(Math.max(0, usage.messages() + candidates.size() - limits.maxMessages()),
                Math.max(0, usage.bytes() + bytes - limits.maxBytes()));
    }

    /**
     * Admits candidates, most urgent first (then in arrival order), while they fit; under an evicting
     * policy a candidate that does not fit evicts victims in the given order. drop-lowest-priority
     * never evicts a message more urgent than the candidate.
     */
    static Decision decide(Usage usage, Limits limits, List<Candidate> candidates, List<Victim> victims) {
        BitSet admitted = new BitSet(candidates.size());
        List<Victim> evicted = new ArrayList<>();
        List<Candidate> order = new ArrayList<>(candidates);
        order.sort(Comparator.comparingInt(Candidate::priority).thenComparingInt(Candidate::index));
        int next = 0;
        Usage current = usage;
        for (Candidate c : order) {
            if (c.size() > limits.maxBytes()) {
                continue;
            }
            Usage with = current.plus(1, c.size());
            int taken = next;
            Usage freed = with;
            while (!fits(freed, limits) && limits.policy() != FullPolicy.REJECT && taken < victims.size()) {
                Victim v = victims.get(taken);
                if (limits.policy() == FullPolicy.DROP_LOWEST_PRIORITY && v.priority() < c.priority()) {
                    break;
                }
                freed = freed.plus(-1, -v.size());
                taken++;
            }
            if (fits(freed, limits)) {
                evicted.addAll(victims.subList(next, taken));
                next = taken;
                current = freed;
                admitted.set(c.index());
            }
        }
        return new Decision(admitted, evicted, current);
    }

    private static boolean fits(Usage u, Limits limits) {
        return u.messages() <= limits.maxMessages() && u.bytes() <= limits.maxBytes();
    }
}
