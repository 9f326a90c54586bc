package io.outpost.cache;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.outpost.cache.Served.Result;
import io.outpost.cache.Upstream.Exchange;
import io.outpost.config.OutpostConfig;
import io.outpost.config.RouteCacheConfig;
import io.outpost.upstream.Classifier;
import io.outpost.upstream.Pipelines;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;

/**
 * Reads through a route with an HTTP cache in front (RFC 9111): a fresh stored response is served at once;
 * a stale one is revalidated; an upstream that cannot be reached or fails is stood in for by a stored
 * response up to the route's {@code cache.max-stale}.
 */
@ApplicationScoped
public class CachedReads {

    private static final Logger LOG = Logger.getLogger(CachedReads.class);

    private final Map<String, CachePolicy> policies = new HashMap<>();
    private final Map<String, Boolean> enabled = new HashMap<>();
    private final CacheLayers layers;
    private final Upstream upstream;
    private final Pipelines pipelines;
    private final CacheMetrics metrics;
    private final Clock clock;
    private final int maxBytes;

    CachedReads(OutpostConfig config, Pipelines pipelines, CacheLayers layers, CacheMetrics metrics, Clock clock) {
        config.routes().forEach((name, route) -> {
            RouteCacheConfig cache = route.cache();
            policies.put(name, new CachePolicy(cache.defaultTtl(), cache.maxStale()));
            enabled.put(name, cache.enabled());
        });
        this.layers = layers;
        this.pipelines = pipelines;
        this.maxBytes = (int) config.cache().maxResponseSize().asLongValue();
        this.upstream = new Upstream(pipelines, config.routes(), clock, maxBytes);
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Answers a GET of {@code target} (path and query below the route) for a local client, shaped by the
     * client's own conditions, codings and range ({@link ClientAnswer}).
     */
    public Uni<Served> fetch(String route, String target, MultiMap requestHeaders) {
        return read(route, target, requestHeaders).map(s -> ClientAnswer.shape(s, requestHeaders, maxBytes));
    }

    private Uni<Served> read(String route, String target, MultiMap requestHeaders) {
        CachePolicy policy = policies.get(route);
        CacheControl request = requestCacheControl(requestHeaders);
        MultiMap forwarded = HeaderRules.forwarded(requestHeaders);
        if (!enabled.get(route)) {
            return upstream.get(route, target, HeaderRules.withClientConditions(forwarded, requestHeaders))
                    .map(e -> passOn(route, e))
                    .onFailure(t -> !(t instanceof FetchFailed)).recoverWithUni(t -> fallback(route, null, t));
        }
        return layers.lookup(route, target, forwarded::getAll).chain(stored -> {
            Instant now = clock.instant();
            if (stored == null) {
                if (request.has("only-if-cached")) {
                    return Uni.createFrom().failure(new FetchFailed(504, "Nothing stored for this URL, and the "
                            + "request asked for a stored response only (only-if-cached)."));
                }
                // the client's own validators go upstream: a 304 for them is passed on, not stored
                return upstream.get(route, target, HeaderRules.withClientConditions(forwarded, requestHeaders))
                        .map(e -> store(route, target, policy, request, e, forwarded))
                        .onFailure(t -> !(t instanceof FetchFailed)).recoverWithUni(t -> fallback(route, null, t));
            }
            CachePolicy.Verdict verdict = request.has("only-if-cached") ? CachePolicy.Verdict.FRESH
                    : policy.judge(stored, request, now);
            switch (verdict) {
                case FRESH:
                    return Uni.createFrom().item(serve(route, stored, Result.HIT, now));
                case STALE:
                    return Uni.createFrom().item(serve(route, stored, Result.STALE, now));
                case STALE_WHILE_REVALIDATE:
                    revalidate(route, target, policy, request, stored, forwarded)
                            .subscribe().with(s -> { }, t -> LOG.debugf("Background refresh of %s failed: %s",
                                    route, Classifier.describe(t)));
                    return Uni.createFrom().item(serve(route, stored, Result.STALE, now));
                default:
                    return revalidate(route, target, policy, request, stored, forwarded);
            }
        });
    }

    /** Removes stored responses: one URL, every URL under a prefix, or (both null) the whole route. */
    public Uni<Integer> invalidate(String route, String target, String prefix) {
        return layers.remove(route, target, prefix);
    }

    private Uni<Served> revalidate(String route, String target, CachePolicy policy, CacheControl request,
            StoredResponse stored, MultiMap forwarded) {
        MultiMap conditional = Revalidation.conditional(MultiMap.caseInsensitiveMultiMap().addAll(forwarded), stored);
        return upstream.get(route, target, conditional).map(e -> {
            int status = e.response().status();
            if (status == 304 && Revalidation.possible(stored)) {
                StoredResponse refreshed = Revalidation.refreshed(stored, e.response().headers(), e.requestTime(),
                        e.responseTime());
                layers.put(route, target, refreshed);
                return serve(route, refreshed, Result.REVALIDATED, clock.instant());
            }
            if (status >= 500 && policy.servableStale(stored, clock.instant())) {
                return serve(route, stored, Result.STALE, clock.instant());
            }
            return store(route, target, policy, request, e, forwarded);
        }).onFailure(t -> !(t instanceof FetchFailed)).recoverWithUni(t -> fallback(route, stored, t));
    }

    /** Stores a new upstream answer if it may be, and serves it. */
    private Served store(String route, String target, CachePolicy policy, CacheControl request, Exchange e,
            MultiMap forwarded) {
        if (upstream.tooLarge(e)) {
            throw new FetchFailed(502, "The upstream's response is larger than outpost.cache.max-response-size.");
        }
        int status = e.response().status(); // a 5xx too: the upstream's own answer, stored if it may be (501)
        MultiMap received = HeaderRules.stored(e.response().headers());
        MultiMap headers = HeaderRules.withoutNoCacheFields(MultiMap.caseInsensitiveMultiMap().addAll(received),
                CacheControl.parse(received.getAll("Cache-Control")));
        if (!policy.storable(request, status, headers)) {
            return passOn(route, e);
        }
        // keyed on what went upstream: the local API token never did, so it is never part of a stored key
        String variant = Variants.key(Variants.names(headers.getAll("Vary")), forwarded::getAll);
        StoredResponse stored = new StoredResponse(status, headers, e.response().body(), e.requestTime(),
                e.responseTime(), variant);
        layers.put(route, target, stored);
        // no-cache="a" keeps field a out of later reuse (RFC 9111 5.2.2.4), not out of the answer that brought it
        return serve(route, received.size() == headers.size() ? stored : new StoredResponse(status, received,
                stored.body(), stored.requestTime(), stored.responseTime(), variant), Result.MISS, clock.instant());
    }

    private Served passOn(String route, Exchange e) {
        if (upstream.tooLarge(e)) {
            throw new FetchFailed(502, "The upstream's response is larger than outpost.cache.max-response-size.");
        }
        metrics.served(route, Result.MISS);
        return Served.passed(e.response().status(), e.response().headers(), e.response().body());
    }

    /** The upstream could not be asked or failed: a stored response if one may stand in, else 504. */
    private Uni<Served> fallback(String route, StoredResponse stored, Throwable failure) {
        Instant now = clock.instant();
        if (stored != null && policies.get(route).servableStale(stored, now)) {
            return Uni.createFrom().item(serve(route, stored, Result.STALE, now));
        }
        return Uni.createFrom().failure(new FetchFailed(504, "The upstream could not be reached ("
                + Classifier.describe(failure) + ") and no usable response is stored.",
                pipelines.noAnswer(route, failure)));
    }

    private Served serve(String route, StoredResponse stored, Result result, Instant now) {
        metrics.served(route, result);
        return Served.of(stored, result, policies.get(route).age(stored, now).toSeconds());
    }

    private static CacheControl requestCacheControl(MultiMap headers) {
        List<String> values = headers.getAll("Cache-Control");
        if (values.isEmpty() && headers.getAll("Pragma").stream().anyMatch(p -> p.contains("no-cache"))) {
            return CacheControl.parse(List.of("no-cache"));
        }
        return CacheControl.parse(values);
    }
}
