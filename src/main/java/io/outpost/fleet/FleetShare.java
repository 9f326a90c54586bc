package io.outpost.fleet;

/**
 * A route limit split between the live agents of a fleet, so that their sum stays within the route's
 * setting: each agent takes {@code limit / agents}, rounded down, and never less than one (a route must
 * still flow; with more agents than the limit allows, the sum is the number of agents). Coordinating every
 * request through the store instead would put a round trip in front of each one, for a bound that the
 * split already keeps. Pure.
 */
public final class FleetShare {

    private FleetShare() {
    }

    /** One agent's share of {@code limit} when {@code agents} agents (this one included) are alive. */
    public static int of(int limit, int agents) {
        return Math.max(1, limit / Math.max(1, agents));
    }
}
