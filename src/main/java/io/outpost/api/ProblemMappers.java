package io.outpost.api;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Turns every failure of a {@code /v1} request into an RFC 9457 problem response. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** The message of the IOException RESTEasy Reactive's VertxInputStream throws after its own 413. */
    private static final String TOO_LARGE = "Request too large";

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return Problems.response(e.problem(), e.headers());
    }

    /** Quarkus maps this one itself, to a bare 400 without a body: a field of the wrong type must say which. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String field = e instanceof MismatchedInputException m ? field(m) : "";
        String detail = "The body is not valid JSON for this endpoint" + (field.isEmpty() ? "" : " at '" + field + "'")
                + ": " + e.getOriginalMessage();
        return Problems.response(new Problem(Problems.type("invalid-json"), "Invalid JSON body", 400, detail,
                List.of(new Problem.InvalidParam(field.isEmpty() ? "body" : field, e.getOriginalMessage()))), Map.of());
    }

    /** The JSON path of the value at fault, as a client names it ({@code items[2].path}), not as Java does. */
    private static String field(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Quarkus's own text names its annotation; a client needs to know what to send. */
    @ServerExceptionMapper
    public Response unsupportedType(NotSupportedException e, HttpHeaders headers) {
        String sent = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return Problems.response(new Problem(Problems.type("unsupported-media-type"), "Unsupported media type", 415,
                "This endpoint takes Content-Type: application/json" + (sent == null ? "; the request had none."
                        : ", not " + sent + "."), null), Map.of());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return Problems.response(new Problem(Problems.type("not-found"), "Not found", 404,
                "Nothing is at " + uri.getPath() + "; see /q/openapi for the API.", null), Map.of());
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        Set<String> methods = e.getResponse().getAllowedMethods();
        String allow = String.join(", ", methods.isEmpty() ? AllowedMethods.of(uri.getPath()) : methods);
        return Problems.response(Problems.notAllowed(uri.getPath(), allow), Map.of(HttpHeaders.ALLOW, allow));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        String slug = status.getReasonPhrase().toLowerCase().replaceAll("[^a-z0-9]+", "-");
        return Problems.response(new Problem(Problems.type(slug), status.getReasonPhrase(), status.getStatusCode(),
                e.getMessage(), null), Map.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (e instanceof WebApplicationException w) {
            return web(w);
        }
        if (e instanceof IOException && TOO_LARGE.equals(e.getMessage())) {
            // RESTEasy's input stream has answered a 413 and closed the connection itself (a chunked body over
            // quarkus.http.limits.max-body-size): the client's fault, and nothing is left to write
            LOG.debugf("Refused a body over the size limit: %s", e);
            return Problems.response(BodyRefusal.tooLarge("body-too-large", "Request body too large",
                    "The body exceeds quarkus.http.limits.max-body-size.").problem(), Map.of());
        }
        LOG.error("Unexpected failure of an API request", e);
        return Problems.response(new Problem(Problems.type("internal"), "Internal error", 500,
                "The agent failed unexpectedly; its log has the details.", null), Map.of());
    }
}
