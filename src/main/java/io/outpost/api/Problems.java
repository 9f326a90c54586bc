package io.outpost.api;

import java.util.Map;

import jakarta.ws.rs.core.Response;

/** The problem types of the local API (listed in the README) and their responses. */
public final class Problems {

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
        return new ProblemException(new Problem(type("store-unavailable"), "Store unavailable", 503,
                detail + " Nothing was accepted for certain; retry later (with an Idempotency-Key to be safe).", null),
                Map.of("Retry-After", "2"));
    }

    static Response response(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        headers.forEach(builder::header);
        return builder.build();
    }
}
