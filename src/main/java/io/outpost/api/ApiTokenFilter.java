package io.outpost.api;

import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Requires {@code Authorization: Bearer <token>} on every {@code /v1} call when a token is configured. */
public class ApiTokenFilter {

    private static final String BEARER = "Bearer ";

    private final ApiToken token;

    ApiTokenFilter(ApiToken token) {
        this.token = token;
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.equals("/v1") || path.startsWith("/v1/")) || !token.required()) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean bearer = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
        if (bearer && token.matches(header.substring(BEARER.length()).trim())) {
            return null;
        }
        String detail = header == null ? "This API needs an Authorization: Bearer <token> header."
                : "The bearer token is not valid.";
        return Problems.response(new Problem(Problems.type("unauthorized"), "Unauthorized", 401, detail, null),
                Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"outpost\""));
    }
}
