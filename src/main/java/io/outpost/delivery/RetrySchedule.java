package io.outpost.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.outpost.outbox.MessageStatus;
import io.outpost.upstream.Outcome;
import io.outpost.upstream.RetryDecision;
import io.outpost.upstream.RetryDecision.Verdict;

/**
 * Turns an attempt's {@link Outcome} into the message's next state (delivered, dead, expired, or queued with
 * the time of the next attempt): the shared {@link RetryDecision}, written as a message's result. Pure; the
 * caller passes the clock's reading.
 */
final class RetrySchedule {

    private final RetryDecision decision;

    RetrySchedule(RetryDecision decision) {
        this.decision = decision;
    }

    /** The result for a claimed message whose TTL ran out before it could be sent, or null. */
    static AttemptResult expiredBeforeSending(Claimed message, String route, Instant now) {
        return message.expiresAt() == null || now.isBefore(message.expiresAt()) ? null
                : new AttemptResult(message.id(), route, MessageStatus.EXPIRED, false, null, null,
                        "TTL ran out before delivery");
    }

    AttemptResult after(Claimed message, String route, Outcome outcome, Instant now) {
        // A next attempt past the message's expiry never comes: it stays queued until then, and the expiry
        // sweep marks it expired at its TTL, as the contract words it ("undelivered by then"), not earlier.
        Verdict verdict = decision.after(message.attempts(), outcome, now);
        if (verdict instanceof Verdict.Delivered d) {
            return new AttemptResult(message.id(), route, MessageStatus.DELIVERED, true, null, d.status(), null);
        }
        if (verdict instanceof Verdict.Dead d) {
            return new AttemptResult(message.id(), route, MessageStatus.DEAD, true, null, d.status(), d.error());
        }
        if (verdict instanceof Verdict.NotAttempted n) {
            // The message keeps the last status and error of an attempt that counted.
            return new AttemptResult(message.id(), route, MessageStatus.QUEUED, false, n.at(), null, null);
        }
        Verdict.Again again = (Verdict.Again) verdict;
        return new AttemptResult(message.id(), route, MessageStatus.QUEUED, true, again.at(), again.status(),
                again.error());
    }

    /**
     * The results of a batch's members that shared {@code outcome}. A retry is one for the whole group: every
     * member queued again comes due at the same time as the first (one backoff, not one per member, so the
     * batch forms again), while each still counts its own attempts toward {@code max-attempts}.
     */
    List<AttemptResult> after(List<Claimed> members, String route, Outcome outcome, Instant now) {
        List<AttemptResult> results = new ArrayList<>(members.size());
        Instant due = null;
        for (Claimed m : members) {
            AttemptResult r = after(m, route, outcome, now);
            if (r.nextAttemptAt() != null) {
                due = due == null ? r.nextAttemptAt() : due;
                r = new AttemptResult(r.id(), route, r.status(), r.attempted(), due, r.httpStatus(), r.error());
            }
            results.add(r);
        }
        return results;
    }
}
