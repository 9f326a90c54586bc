package io.outpost.config;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/** The outbox relay ({@code outpost.delivery.*}): how long claims last, how a stop hands work back. */
public interface DeliveryConfig {

    /**
     * How long a claimed message belongs to this agent without a renewal. The agent renews its claims every
     * third of it while their attempts run; when it dies, its claims become claimable by any agent sharing
     * the store after at most this long (and one expiry sweep). A shorter lease moves a dead agent's work on
     * sooner and costs one more renewal statement per agent per third of it.
     */
    @WithDefault("30s")
    Duration claimLease();

    /**
     * On a clean stop (SIGTERM), how long attempts in flight may take to finish before they are cancelled;
     * their results are written and every remaining claim is handed back either way. Keep a pod's
     * {@code terminationGracePeriodSeconds} above it plus a few seconds.
     */
    @WithDefault("10s")
    Duration stopTimeout();
}
