package io.outpost.checklist;

import java.util.List;

/**
 * The checks in the order the list shows them: the agent's own first, then each route's, configuration
 * before what was observed.
 */
final class Checks {

    static final List<Check> ALL = List.of(
            new ApiTokenCheck(),
            new IdleProbeCheck(),
            new StreamTlsCheck(),
            new HeartbeatCheck(),
            new TlsCheck(),
            new TlsVerifyCheck(),
            new CredentialsCheck(),
            new TimeoutCheck(),
            new RetriesBoundedCheck(),
            new BackoffCheck(),
            new BreakerSettingsCheck(),
            new CompressionCheck(),
            new RateLimitCheck(),
            new CircuitCheck(),
            new NearTtlCheck(),
            new BudgetCheck(),
            new DeadCheck());

    private Checks() {
    }

    /** Every item of every check, as of {@code facts}. */
    static List<Item> run(Facts facts) {
        return ALL.stream().flatMap(c -> c.run(facts).stream()).toList();
    }
}
