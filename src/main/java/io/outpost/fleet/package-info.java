/**
 * Fleet mode: several agents sharing one PostgreSQL. This agent's identity ({@link io.outpost.fleet.Agent}),
 * its heartbeat in the store and the lease of the once-only jobs ({@link io.outpost.fleet.Fleet}: expiry,
 * purge, retention run on the lease holder only), the split of a route's limits between the live agents
 * ({@link io.outpost.fleet.FleetShare}), and the wake-up of idle agents when another one accepts work
 * ({@link io.outpost.fleet.WorkChannel}, LISTEN/NOTIFY). PostgreSQL is the coordinator; there is none of the
 * agent's own. A single agent on its embedded store is a fleet of one.
 *
 * <p>Used by {@code api}, {@code delivery}, {@code outbox}, {@code upstream}, {@code transfer} and
 * {@code stream}. Depends on {@code store} and {@code config}.
 */
package io.outpost.fleet;
