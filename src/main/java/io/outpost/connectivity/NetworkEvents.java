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

    /**
     * The JSON of one event: the network state, and the route that changed if one did, or the stream whose
     * server refused the agent ({@code error} its reason, {@code retryAt} its next attempt).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String state, Instant since, String route, Boolean reachable, String error, String stream,
            Instant retryAt) {
        public static Event of(LinkMonitor.Change c) {
            if (c instanceof LinkMonitor.RouteChange r) {
                return new Event(r.network().wire(), r.at(), r.route(), r.reachable(), r.error(), null, null);
            }
            if (c instanceof LinkMonitor.StreamRefusal s) {
                return new Event(s.network().wire(), s.at(), null, null, s.reason(), s.stream(), s.retryAt());
            }
            return new Event(c.network().wire(), c.at(), null, null, null, null, null);
        }

        /** The name of the SSE event: {@code route}, {@code stream} or {@code network}. */
        public static String name(LinkMonitor.Change c) {
            return c instanceof LinkMonitor.RouteChange ? "route"
                    : c instanceof LinkMonitor.StreamRefusal ? "stream" : "network";
        }

        public static Event current(LinkMonitor links) {
            return new Event(links.network().wire(), links.networkSince(), null, null, null, null, null);
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
