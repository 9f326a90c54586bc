package io.outpost.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.outpost.config.OutpostConfig;

/** This agent among those sharing the store: its id, when it started, and the lease of its claims. */
@ApplicationScoped
public class Agent {

    private final String id;
    private final Instant since;
    private final Duration lease;

    @Inject
    Agent(OutpostConfig config, Clock clock) {
        this(config.fleet().agentId().orElseGet(() -> defaultId(hostName(), config.dataDir())), clock.instant(),
                config.delivery().claimLease());
    }

    private Agent(String id, Instant since, Duration lease) {
        this.id = id;
        this.since = since;
        this.lease = lease;
    }

    /** An agent of that id and lease, for store tests that play several agents in one process. */
    public static Agent named(String id, Instant since, Duration lease) {
        return new Agent(id, since, lease);
    }

    /** {@code <host>:<absolute data dir>}: two agents on one host cannot share a data dir. */
    static String defaultId(String host, Path dataDir) {
        return host + ":" + dataDir.toAbsolutePath().normalize();
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public String id() {
        return id;
    }

    public Instant since() {
        return since;
    }

    /** How long a claim (and this agent's heartbeat, and the jobs lease) lasts without a renewal. */
    public Duration lease() {
        return lease;
    }

    /** How often leases are renewed: a third of the lease, so that two renewals may fail before it runs out. */
    public Duration renewEvery() {
        return lease.dividedBy(3);
    }

    /** The lease in seconds, as the store functions take it. */
    public double leaseSeconds() {
        return lease.toMillis() / 1000.0;
    }
}
