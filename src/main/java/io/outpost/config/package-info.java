/**
 * The agent's configuration: every key as a {@code @ConfigMapping} with its Javadoc, the checks run at
 * start-up, and the one {@link java.time.Clock}.
 *
 * <p>Used by every package. Depends on nothing of the agent's.
 */
package io.outpost.config;
