package io.outpost.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

import io.outpost.config.AuthConfig;
import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.UpstreamAuth;
import io.smallrye.mutiny.Uni;

/** A static key in a header ({@code X-API-Key} by default) or a query parameter, read at send time. */
final class ApiKeyAuth implements UpstreamAuth {

    private final String header;
    private final Optional<String> queryParam;
    private final Supplier<String> key;

    ApiKeyAuth(String route, AuthConfig.ApiKey config) {
        this.header = config.header();
        this.queryParam = config.queryParam();
        String prefix = "outpost.routes." + route + ".auth.api-key.";
        if (config.file().isPresent()) {
            SecretFile file = new SecretFile(config.file().get(), prefix + "file");
            this.key = file::value;
        } else {
            String value = config.value().orElseThrow(() -> new IllegalArgumentException(prefix + "value or "
                    + prefix + "file is required for auth.type=api-key"));
            this.key = () -> value;
        }
    }

    @Override
    public Uni<OutboundRequest> authenticate(OutboundRequest request) {
        String value = key.get();
        if (queryParam.isEmpty()) {
            return Uni.createFrom().item(request.withHeader(header, value));
        }
        String param = URLEncoder.encode(queryParam.get(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8);
        String uri = request.uri();
        int fragment = uri.indexOf('#');
        String base = fragment < 0 ? uri : uri.substring(0, fragment);
        return Uni.createFrom().item(request.withUri(base + (base.contains("?") ? "&" : "?") + param));
    }
}
