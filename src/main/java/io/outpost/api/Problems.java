package io.outpost.api;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.ws.rs.core.Response;

/** The problem types of the local API (listed in the README) and their responses. */
public final class Problems {

    /** Names why the agent answered a request through a route itself: the upstream gave no answer. */
    static final String OUTPOST_ERROR = "Outpost-Error";

    private static final String MAYBE_CHANGED = "retry later. A change asked for may or may not have been made.";

    private Problems() {
    }

    /** Problem types are URNs: stable identifiers that do not pretend to be fetchable pages. */
    static String type(String slug) {
        return "urn:outpost:problem:" + slug;
    }

    static ProblemException unknownRoute(String route) {
        return ProblemException.of(404, "unknown-route", "Unknown route",
                "No route named '" + route + "' is configured (outpost.routes." + route + ".url).");
    }

    /** The same, for a body field that names the route: with {@code invalid-params}. */
    static ProblemException unknownRoute(String route, String field) {
        Problem p = unknownRoute(route).problem();
        return new ProblemException(new Problem(p.type(), p.title(), p.status(), p.detail(),
                List.of(new Problem.InvalidParam(field, "no such route"))));
    }

    /**
     * The id in a path as one of ours: a UUID in its canonical form. Anything else names nothing, so the
     * answer is {@code unknown}'s 404 rather than a 400.
     */
    static UUID id(String id, Function<String, ProblemException> unknown) {
        try {
            UUID uuid = UUID.fromString(id);
            if (uuid.toString().equalsIgnoreCase(id)) {
                return uuid;
            }
        } catch (IllegalArgumentException e) {
            // not one of ours
        }
        throw unknown.apply(id);
    }

    static ProblemException unknownStream(String stream) {
        return ProblemException.of(404, "unknown-stream", "Unknown stream",
                "No stream named '" + stream + "' is configured (outpost.streams." + stream + ".url).");
    }

    static ProblemException unknownMessage(String id) {
        return ProblemException.of(404, "unknown-message", "Unknown message", "No message with id '" + id + "'.");
    }

    static ProblemException unknownTransfer(String id) {
        return ProblemException.of(404, "unknown-transfer", "Unknown transfer", "No transfer with id '" + id + "'.");
    }

    static ProblemException unavailable(String detail) {
        return storeUnavailable(detail + " Nothing was accepted for certain; retry later (with an Idempotency-Key "
                + "to be safe).");
    }

    /** The store did not answer a read or change in time (see {@link StoreDeadline}). */
    static ProblemException storeTimeout(long millis) {
        return storeUnavailable("The store did not answer within " + millis + " ms; " + MAYBE_CHANGED);
    }

    /** The store refused or dropped the connection (see {@link StoreDeadline}). */
    static ProblemException storeUnreachable(String why) {
        return storeUnavailable("The store cannot be reached (" + why + "); " + MAYBE_CHANGED);
    }

    private static ProblemException storeUnavailable(String detail) {
        return new ProblemException(new Problem(type("store-unavailable"), "Store unavailable", 503, detail, null),
                Map.of("Retry-After", "2"));
    }

    /**
     * The agent's own answer to a request through a route that got no upstream answer: {@code Outpost-Error}
     * says why, so a client tells it from an upstream's 502/503/504; {@code Retry-After} where it is known.
     */
    static ProblemException noAnswer(int status, String reason, String detail, Optional<Duration> retryAfter) {
        Map<String, String> headers = new HashMap<>();
        headers.put(OUTPOST_ERROR, reason);
        retryAfter.ifPresent(d -> headers.put("Retry-After", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
        return new ProblemException(new Problem(type("upstream-unavailable"), "Upstream unavailable", status, detail,
                null), headers);
    }

    /** A 405 for {@code path}, whose methods are {@code allow}; the caller sends {@code Allow} with it. */
    static Problem notAllowed(String path, String allow) {
        return new Problem(type("method-not-allowed"), "Method not allowed", 405, path + " allows " + allow + ".",
                null);
    }

    static Response response(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        headers.forEach(builder::header);
        return builder.build();
    }
}
