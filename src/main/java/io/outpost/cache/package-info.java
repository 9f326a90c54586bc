/**
 * Cached reads through a route (RFC 9111): a memory layer (Caffeine) over a persistent layer in the store,
 * revalidation, stale-if-error while the upstream cannot be reached, invalidation.
 *
 * <p>Used by {@code api}. Depends on {@code upstream}, {@code store} and {@code config}.
 */
package io.outpost.cache;
