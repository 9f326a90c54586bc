/**
 * Metered links: a route's byte budget per period ({@code outpost.routes.<name>.budget}). The pure
 * {@link io.outpost.budget.Budget} decides, fed a clock, whether a message of a given priority may be sent now;
 * {@link io.outpost.budget.RouteBudgets} charges it with the bytes the pipeline reports ({@code upstream.WireMeter})
 * and keeps the spent amount in the store ({@code BudgetStore}: one atomic upsert per charge, so it survives
 * restarts and agents sharing a store add up).
 *
 * <p>Used by {@code delivery} (which messages wait) and {@code api} (the route view). Depends on {@code upstream},
 * {@code store} and {@code config}.
 */
package io.outpost.budget;
