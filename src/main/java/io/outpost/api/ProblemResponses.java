package io.outpost.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Gives every error response in the OpenAPI document the body the API really sends: an
 * {@code application/problem+json} {@link Problem} (the REST resources' failures through {@link ProblemMappers},
 * the Vert.x routes' through {@link ProblemWriter}), and to a 503 its {@code Retry-After} (every 503 is
 * temporary: the store unavailable, see {@link Problems}, or for {@code /fetch} a route that refuses for now). One rule here instead of the same {@code @Content} on every
 * error of every operation, the REST resources' and {@code META-INF/openapi.yaml}'s alike. Runs at build time,
 * so the served document (and a native image) needs nothing of it at run time.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    /** The 401 of every {@code /v1} operation: {@link ApiAuthentication} guards them all. */
    static final String UNAUTHORIZED = "Missing or wrong bearer token.";
    static final String STORE_UNAVAILABLE = "The store did not answer in time, or cannot be reached; retry after "
            + "Retry-After seconds.";

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
            operation.getResponses().getAPIResponses().forEach(ProblemResponses::problem);
        }
        return operation;
    }

    private static void problem(String code, APIResponse response) {
        boolean error = code.startsWith("4") || code.startsWith("5");
        if (!error || response.getRef() != null || response.getContent() != null) {
            return;
        }
        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
        boolean retryAfter = response.getHeaders() != null && response.getHeaders().containsKey("Retry-After");
        if ("503".equals(code) && !retryAfter) {
            response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying.")
                    .schema(OASFactory.createSchema().addType(SchemaType.INTEGER)));
        }
    }
}
