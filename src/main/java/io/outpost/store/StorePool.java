package io.outpost.store;

import java.util.List;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;

/**
 * The reactive pool as Quarkus would build it, but without the pool's own wait timer. On a query through the
 * pool, the client arms that timer and cancels it only when a connection is had; when getting one fails (the
 * store is down), the caller already has the failure and the timer fires later on a completed promise,
 * logging {@code IllegalStateException: Result is already complete} (vertx-sql-client#1706, open). The
 * agent bounds its waits itself, where they matter: the API's store deadline answers 503 in time, and the
 * relay and jobs retry on their own schedules.
 */
@Singleton
public class StorePool implements PgPoolCreator {

    @Override
    public Pool create(Input input) {
        PoolOptions options = new PoolOptions(input.poolOptions()).setConnectionTimeout(0);
        List<SqlConnectOptions> servers = List.copyOf(input.pgConnectOptionsList());
        return PgBuilder.pool().with(options).connectingTo(servers).using(input.vertx()).build();
    }
}
