package io.outpost.config;

import java.util.Optional;

/**
 * Fleet mode ({@code outpost.fleet.*}): several agents sharing one external PostgreSQL. A single agent on its
 * embedded store is a fleet of one and needs none of these keys.
 */
public interface FleetConfig {

    /**
     * This agent's name among those sharing the store: it owns the agent's claims and the transfers it
     * spooled, and names it in {@code GET /v1/fleet}. Must be unique per agent sharing a store and stable
     * across its restarts (a restart then takes back its own earlier claims at once). Default: the host name
     * and the absolute data dir, {@code <host>:<data-dir>}, unique per process on one host (two agents cannot
     * share a data dir). In Kubernetes, a StatefulSet's pod name.
     */
    Optional<String> agentId();
}
