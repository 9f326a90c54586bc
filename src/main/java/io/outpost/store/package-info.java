/**
 * The PostgreSQL the agent keeps its state in: the embedded server (started from the binaries in the jar,
 * data under the data dir) or an external one, readiness, and the helpers every store query shares
 * ({@link io.outpost.store.Timestamps}, {@link io.outpost.store.SqlState}), and the reactive pool as built for
 * them ({@link io.outpost.store.StorePool}: no pool wait timer, whose misfire on a down store logs errors).
 *
 * <p>Used by every package that reads or writes the store. Depends on nothing of the agent's.
 *
 * <p><b>The data-access rule.</b> Flyway owns the schema (a change is a new versioned migration, never an
 * edit of an applied one). A record the API reads or edits one at a time (a message looked up, listed,
 * cancelled or retried; a transfer; a stream's stored events and frames) is a Hibernate Reactive entity,
 * one mapping per table, read and written through Panache / {@code Mutiny.SessionFactory}; its mapping is
 * validated against the migrated schema at every test boot and in dev mode. The reactive SQL client
 * ({@code Pool}, {@code preparedQuery}) is used only on the measured hot paths, each set-at-a-time, each
 * named here: the accept group commit ({@code outbox.GroupCommitter}, {@code AcceptTransaction},
 * {@code MessageInsert} and the {@code outbox_accept} function, including its look-up of the records behind
 * idempotency keys already taken), the relay's claim and result batch ({@code delivery.DeliveryStore},
 * {@code ResultWriter}, the {@code outbox_claim} and {@code outbox_record} functions, the claims' renewal and
 * the sweep of expired ones), the message change feed ({@code outbox.ChangeFeed}: a page of changed rows and
 * its snapshot's open transactions, one statement), the fleet's heartbeat and jobs lease ({@code fleet.Fleet}),
 * the metered links' byte budgets ({@code budget.BudgetStore}: an atomic upsert per group of requests sent, and
 * the read of every route's figure for start-up and the route view), the response cache's read path
 * ({@code cache.StoreLayer}), and the bulk maintenance that no entity could do one row at a time (expiry,
 * purge, eviction, counts). Each table is mapped in one place, its entity class: a message row becomes a
 * {@code MessageRecord} only in {@code outbox.OutboxMessage}, from the entity or, for the accept path's SQL
 * rows, from its column list beside the entity's mapping. Not yet in line: {@code transfer.TransferStore} and
 * {@code stream.StreamStore} still read and write their records with SQL; they move to entities next, each
 * measured before and after.
 */
package io.outpost.store;
