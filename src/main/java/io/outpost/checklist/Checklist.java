package io.outpost.checklist;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.outpost.config.OutpostConfig;
import io.smallrye.mutiny.Uni;

/** The checklist of the running agent: every check over its configuration and what it observed, now. */
@ApplicationScoped
public class Checklist {

    private final OutpostConfig config;
    private final KeySources sources;
    private final String apiHost;
    private final Observations observations;
    private final Clock clock;

    Checklist(OutpostConfig config, Config sources, @ConfigProperty(name = "quarkus.http.host") String apiHost,
            Observations observations, Clock clock) {
        this.config = config;
        this.sources = new ConfigKeySources(sources);
        this.apiHost = apiHost;
        this.observations = observations;
        this.clock = clock;
    }

    /** Every item, in the order of {@link Checks#ALL}, each check's routes by name. */
    public Uni<List<Item>> items() {
        Instant now = clock.instant();
        return observations.of(config.routes().keySet(), now)
                .map(seen -> Checks.run(new Facts(config, sources, apiHost, seen, now)));
    }
}
