package io.outpost.outbox;

/** What became of one accept request. */
public sealed interface AcceptOutcome {

    /** Durably committed as a new message. */
    record Accepted(MessageRecord message) implements AcceptOutcome {
    }

    /** The route already holds a message with this idempotency key; nothing new was stored. */
    record Duplicate(MessageRecord message) implements AcceptOutcome {
    }

    /** The outbox is full and the policy did not make room. */
    record Full(String detail) implements AcceptOutcome {
    }

    /** The store did not commit in time or failed; the message may or may not be stored. */
    record Unavailable(String detail) implements AcceptOutcome {
    }
}
