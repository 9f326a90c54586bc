package io.outpost.upstream;

import static io.outpost.upstream.Exchanges.await;
import static io.outpost.upstream.Exchanges.failureOf;
import static io.outpost.upstream.Exchanges.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.outpost.upstream.UpstreamAuth;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;

class AuthStageTest {

    private static OutboundRequest withBearer(OutboundRequest request) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers())
                .set("Authorization", "Bearer fresh-token");
        return new OutboundRequest(request.route(), request.method(), request.uri(), headers, request.body(),
                request.maxResponseBytes());
    }

    @Test
    void theRequestPassedOnIsTheOneTheAuthReturned() {
        OutboundRequest[] authenticated = new OutboundRequest[1];
        UpstreamAuth auth = request -> {
            authenticated[0] = withBearer(request);
            return Uni.createFrom().item(authenticated[0]);
        };
        FakeChain chain = FakeChain.respondingWith(201);

        UpstreamResponse answer = await(new AuthStage(auth).apply(request("billing"), chain));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(chain.lastRequest()).isSameAs(authenticated[0]);
        assertThat(chain.lastRequest().headers().get("Authorization")).isEqualTo("Bearer fresh-token");
    }

    @Test
    void aFailingAuthFailsTheRequestWithoutSendingIt() {
        IllegalStateException tokenEndpointDown = new IllegalStateException("token endpoint down");
        FakeChain chain = FakeChain.respondingWith(200);

        Throwable failure = failureOf(new AuthStage(request -> Uni.createFrom().failure(tokenEndpointDown))
                .apply(request("billing"), chain));

        assertThat(failure).isInstanceOf(CredentialsUnavailable.class).hasMessageContaining("token endpoint down");
        assertThat(Classifier.attempted(failure)).as("a broken credential setup must back off, not spin").isTrue();
        assertThat(chain.calls()).isZero();
    }

    @Test
    void noAuthPassesTheRequestOnUnchanged() {
        OutboundRequest request = request("billing");
        FakeChain chain = FakeChain.respondingWith(200);

        await(new AuthStage(UpstreamAuth.NONE).apply(request, chain));

        assertThat(chain.lastRequest()).isSameAs(request);
    }

    @Test
    void authRunsAgainForEverySend() {
        int[] authentications = new int[1];
        UpstreamAuth counting = request -> Uni.createFrom().item(() -> {
            authentications[0]++;
            return request;
        });
        FakeChain chain = FakeChain.respondingWith(200);
        Uni<UpstreamResponse> send = new AuthStage(counting).apply(request("billing"), chain);

        await(send);
        await(send);

        assertThat(authentications[0]).isEqualTo(2);
        assertThat(chain.calls()).isEqualTo(2);
    }
}
