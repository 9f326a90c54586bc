/**
 * The durable outbox: accepting messages (idempotency keys, limits, group commit), looking them up, listing,
 * cancelling and retrying them, expiry, eviction and purging. What happens to a message after it is
 * accepted (delivery) is the {@code delivery} package's; the two meet in the store's tables and in
 * {@link io.outpost.outbox.WorkSignal}.
 *
 * <p>Used by {@code delivery} and {@code api}. Depends on {@code store} and {@code config}.
 */
package io.outpost.outbox;
