/**
 * The PostgreSQL the agent keeps its state in: the embedded server (started from the binaries in the jar,
 * data under the data dir) or an external one, readiness, and the helpers every store query shares
 * ({@link io.outpost.store.Timestamps}, {@link io.outpost.store.SqlState}).
 *
 * <p>Used by every package that reads or writes the store. Depends on nothing of the agent's.
 */
package io.outpost.store;
