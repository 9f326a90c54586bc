package io.outpost.config;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/** How the agent decides whether routes are reachable ({@code outpost.connectivity.*}). */
public interface ConnectivityConfig {

    /**
     * Consecutive connection failures (refused, reset, timed out) that mark a route unreachable; at least 1. Any HTTP
     * answer, even an error status, proves the route reachable.
     */
    @WithDefault("3")
    int failureThreshold();

    /**
     * While a route is unreachable it is probed ({@code probe-path}) at random intervals between half this
     * and this, so a fleet does not probe in step (and so is a failed idle check repeated). This bounds how
     * long the agent takes to notice that an upstream is back (the default keeps it under a second, claim
     * included).
     */
    @WithDefault("750ms")
    Duration probeInterval();

    /**
     * Longest wait for a probe's answer, connecting included. Short, because a blackholed link answers
     * nothing: each probe then costs this long before the next may go.
     */
    @WithDefault("1s")
    Duration probeTimeout();

    /**
     * A route that has carried no traffic for this long is checked with one probe, and the first check is right
     * after start, so {@code /v1/network} tells the truth about a route nothing was sent to (a device that
     * booted offline shows offline). A failed check is repeated every {@code probe-interval} until the route
     * answers or reaches {@code failure-threshold}. Each check is one {@code HEAD} on a fresh connection, a few
     * hundred bytes; {@code 0} turns idle checks off (routes are then judged by their traffic alone).
     */
    @WithDefault("60s")
    Duration idleCheckInterval();

    /** Share of failed requests (0-1) among a reachable route's last 20 that makes the network "degraded". */
    @WithDefault("0.5")
    double degradedFailureRatio();
}
