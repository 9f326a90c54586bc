package io.outpost.store;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Ready means the store answers through the same reactive pool the outbox uses. (Quarkus's own datasource
 * checks are off: the JDBC pool exists only for migrations, and its idle state says nothing.)
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final Pool pool;

    StoreReadiness(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("select 1").execute()
                .ifNoItem().after(TIMEOUT).fail()
                .map(rows -> HealthCheckResponse.up("store"))
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("store").down()
                        .withData("error", e.getClass().getSimpleName()).build());
    }
}
