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
import io.outpost.store.EmbeddedStore;

/** This agent among those sharing the store: its id, when it started, and the lease of its claims. */
@ApplicationScoped
public class Agent {

    private final String id;
    private final Instant since;
    private final Duration lease;
    private final boolean alone;

    @Inject
    Agent(OutpostConfig config, Clock clock) {
        this(config.fleet().agentId().orElseGet(() -> defaultId(hostName(), config.dataDir())), clock.instant(),
                config.delivery().claimLease(), EmbeddedStore.current() != null);
    }

    private Agent(String id, Instant since, Duration lease, boolean alone) {
        this.id = id;
        this.since = since;
        this.lease = lease;
        this.alone = alone;
    }

    /** An agent of that id and lease, for store tests that play several agents in one process. */
    public static Agent named(String id, Instant since, Duration lease) {
        return new Agent(id, since, lease, false);
    }

    /** An agent of that id alone on its store, as on the embedded one, for store tests. */
    public static Agent alone(String id, Instant since, Duration lease) {
        return new Agent(id, since, lease, true);
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

    /**
     * On its embedded store the agent is alone (its data dir is locked): every claim, job and transfer there is
     * its own, whatever id an earlier run had (a recreated container's host name changes, and with it the id).
     */
    public boolean alone() {
        return alone;
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
