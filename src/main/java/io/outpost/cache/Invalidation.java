package io.outpost.cache;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.outpost.config.OutpostConfig;
import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.Pipelines;
import io.outpost.upstream.UpstreamResponse;
import io.quarkus.runtime.Startup;

/**
 * RFC 9111 section 4.4: an unsafe request that got a non-error answer (2xx, 3xx) removes what the cache holds
 * for its URL, every variant in both layers, and for the answer's same-origin {@code Location} and
 * {@code Content-Location}. It listens to every answer of every route's pipeline ({@link Pipelines#onAnswer}),
 * so a request through {@code /fetch}, an outbox delivery and an upload are all covered by construction.
 * Answers that are errors, and requests that got none, change nothing: the upstream state may be as before.
 */
@Startup
@ApplicationScoped
class Invalidation {

    private static final Logger LOG = Logger.getLogger(Invalidation.class);

    private final InvalidatedUrls urls;
    private final CacheLayers layers;

    Invalidation(OutpostConfig config, Pipelines pipelines, CacheLayers layers) {
        Map<String, URI> bases = new HashMap<>();
        config.routes().forEach((name, route) -> {
            URI base = InvalidatedUrls.parse(route.url());
            if (route.cache().enabled() && base != null) {
                bases.put(name, base);
            }
        });
        this.urls = new InvalidatedUrls(bases);
        this.layers = layers;
        if (!bases.isEmpty()) {
            pipelines.onAnswer(this::answered);
        }
    }

    private void answered(OutboundRequest request, UpstreamResponse answer) {
        if (!InvalidatedUrls.invalidates(request.method(), answer.status())) {
            return;
        }
        List<String> locations = new ArrayList<>(answer.headers().getAll("Location"));
        locations.addAll(answer.headers().getAll("Content-Location"));
        for (InvalidatedUrls.Key key : urls.of(request.uri(), locations)) {
            layers.remove(key.route(), key.target(), null).subscribe().with(n -> { },
                    t -> LOG.debugf("Invalidating %s %s failed: %s", key.route(), key.target(), t.toString()));
        }
    }
}
