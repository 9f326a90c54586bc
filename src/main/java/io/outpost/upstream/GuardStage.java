package io.outpost.upstream;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.outpost.config.RouteConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;

/**
 * The route's guard: the throttle first (waiting for a slot must not eat into the timeout or hold a
 * bulkhead place), then one SmallRye Fault Tolerance guard built at start-up with the route's circuit
 * breaker and bulkhead, and inside it the route's timeout. Retryable responses to unsafe requests are thrown
 * inside the guard so that the breaker counts them, and turned back into responses outside it.
 *
 * <p>Reads (GET, HEAD, OPTIONS) count only when they get no answer (a timeout, a connection failure): any
 * HTTP answer to a read, a 5xx included, is a success to the breaker. A read's 5xx is about that resource
 * as often as about the server, the client gets it as it came (and the cache may stand in), and the agent
 * never retries a read, so a circuit opened by reads of many URLs would only turn the upstream's answers
 * into the agent's refusals. Finagle's default response classifier does the same (an HTTP 5xx is a
 * successful exchange unless configured otherwise); Envoy's outlier detection tells locally originated
 * failures (timeouts, resets, connect failures) from the upstream's own 5xx the same way. The exception is
 * a download transfer (a streamed GET): the agent does retry it, on its persisted schedule, so its 5xx count
 * as a delivery's do, and an open circuit pauses it instead of letting its retries hammer the route.
 */
final class GuardStage implements Stage {

    private static final TypeLiteral<Uni<UpstreamResponse>> UNI_RESPONSE = new TypeLiteral<>() {
    };

    private final Optional<Throttle> throttle;
    private final IntSupplier agents;
    private final TypedGuard<Uni<UpstreamResponse>> guard;
    private final String breakerName;
    private final Duration timeout;
    /** Kept from the breaker's own transitions: the lane reads it on every pump, a CDI lookup each time cost. */
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
    private final Duration delay;
    private volatile long openedAt;

    GuardStage(String route, RouteConfig config, Consumer<CircuitBreakerState> onStateChange) {
        this(route, config, onStateChange, () -> 1);
    }

    /** {@code agents}: how many live agents share the route's rate limit (a fleet splits it). */
    GuardStage(String route, RouteConfig config, Consumer<CircuitBreakerState> onStateChange, IntSupplier agents) {
        this.agents = agents;
        this.throttle = config.rateLimit().map(Throttle::new);
        this.breakerName = "outpost-route-" + route;
        RouteConfig.CircuitBreaker cb = config.circuitBreaker();
        this.guard = TypedGuard.create(UNI_RESPONSE)
                .withDescription("route " + route)
                .withCircuitBreaker()
                    .name(breakerName)
                    .requestVolumeThreshold(cb.requestVolume())
                    .failureRatio(cb.failureRatio())
                    .delay(cb.delay().toMillis(), ChronoUnit.MILLIS)
                    .when(t -> Classifier.attempted(t))
                    .onStateChange(state -> {
                        if (state == CircuitBreakerState.OPEN) {
                            openedAt = System.nanoTime();
                        }
                        this.state = state;
                        onStateChange.accept(state);
                    })
                    .done()
                .withBulkhead()
                    .limit(config.concurrency())
                    .queueSize(Math.max(16, config.concurrency() * 16))
                    .done()
                // the guarded Uni is already non-blocking: hopping threads would only add a dispatch
                .withThreadOffload(false)
                .build();
        this.timeout = config.timeout();
        this.delay = cb.delay();
    }

    @Override
    public Uni<UpstreamResponse> apply(OutboundRequest request, Chain chain) {
        Duration wait = throttle.map(t -> t.reserve(System.nanoTime(), agents.getAsInt())).orElse(Duration.ZERO);
        // The timeout sits inside the bulkhead and cancels the request (FT's own timeout would leave it
        // running, holding its bulkhead place, and let a request that timed out in the queue go out later).
        // A streamed transfer may rightly take hours: the transport bounds its idle time instead.
        Uni<UpstreamResponse> guarded = guard.get(() -> (request.streaming() != null ? chain.proceed(request)
                : chain.proceed(request).ifNoItem().after(timeout)
                        .failWith(() -> new TimeoutException("no answer within " + timeout.toMillis() + " ms")))
                .map(response -> failIfBreaking(request, response)))
                .onFailure(UpstreamFailure.class).recoverWithItem(t -> ((UpstreamFailure) t).response())
                .onFailure(BulkheadException.class).transform(t -> new NotAttempted(NoAnswer.OVERLOADED,
                        "bulkhead full: " + t.getMessage()));
        return wait.isZero() ? guarded
                : Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> guarded);
    }

    private static UpstreamResponse failIfBreaking(OutboundRequest request, UpstreamResponse response) {
        if (retried(request) && breaks(response.status())) {
            throw new UpstreamFailure(response);
        }
        return response;
    }

    void resetCircuit() {
        CircuitBreakerMaintenance.get().reset(breakerName);
        state = CircuitBreakerState.CLOSED;
    }

    /**
     * What counts against the circuit: the retryable failures, except 429. An upstream that asks to slow
     * down works; the lane's window and the Retry-After slow the route down instead of stopping it.
     */
    static boolean breaks(int status) {
        return Classifier.retryable(status) && status != 429;
    }

    /** Whether the agent retries this request itself: unsafe ones, and downloads (streamed GETs). */
    static boolean retried(OutboundRequest request) {
        return !safe(request.method()) || request.method() == HttpMethod.GET && request.streaming() != null;
    }

    /** RFC 9110 9.2.1: the methods that ask only to read (TRACE is never sent). */
    static boolean safe(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    }

    /** How long an open circuit still refuses requests (at least a second); empty when it is not open. */
    Optional<Duration> reopensIn() {
        if (state != CircuitBreakerState.OPEN) {
            return Optional.empty();
        }
        Duration left = delay.minusNanos(System.nanoTime() - openedAt);
        return Optional.of(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
    }

    CircuitBreakerState circuitState() {
        return state;
    }
}
