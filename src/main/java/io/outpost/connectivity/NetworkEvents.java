package io.outpost.connectivity;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/** Every change the link monitor reports, for any number of listeners at once (the SSE stream). */
@ApplicationScoped
public class NetworkEvents {

    /** The JSON of one event: the network state, and the route that changed if one did. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String state, Instant since, String route, Boolean reachable, String error) {
        public static Event of(LinkMonitor.Change c) {
            return c instanceof LinkMonitor.RouteChange r
                    ? new Event(r.network().wire(), r.at(), r.route(), r.reachable(), r.error())
                    : new Event(c.network().wire(), c.at(), null, null, null);
        }

        public static Event current(LinkMonitor links) {
            return new Event(links.network().wire(), links.networkSince(), null, null, null);
        }
    }

    private final BroadcastProcessor<LinkMonitor.Change> processor = BroadcastProcessor.create();

    NetworkEvents(LinkMonitor links) {
        links.onChange(processor::onNext);
    }

    public Multi<LinkMonitor.Change> stream() {
        return processor.onOverflow().buffer(256);
    }
}
