/**
 * The outbox relay: one lane per route claims due messages from the store, sends each through the route's
 * pipeline, and writes the result back (delivered, dead, or queued again with a persisted next attempt).
 * On a route with {@code batch.max-messages} above 1 a lane sends many ready JSON messages as one request
 * ({@code Batch}, {@code BatchFormat}, {@code BatchRequest}), splitting a refused one down to the poison member.
 * Also the delivery metrics and the store queries of the relay's hot path (claim, result batch).
 *
 * <p>Used by {@code api} only (route views). Depends on {@code upstream}, {@code connectivity}, {@code outbox}, {@code budget},
 * {@code store} and {@code config}.
 */
package io.outpost.delivery;
