package io.outpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.flywaydb.core.Flyway;

import io.outpost.store.TestPostgres;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * A real PostgreSQL (run as the agent runs its embedded one, with its settings) with the agent's migrations
 * applied, for store tests that do not need a whole Quarkus boot.
 */
public final class TestDatabase implements AutoCloseable {

    private final TestPostgres server;
    private final Vertx vertx;
    private final Pool pool;

    private TestDatabase(TestPostgres server) {
        this.server = server;
        this.vertx = Vertx.vertx();
        this.pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1")
                .setPort(server.port()).setDatabase("postgres").setUser("postgres"))
                .with(new PoolOptions().setMaxSize(4)).using(vertx).build();
    }

    private static TestDatabase shared;

    /** One server for all store tests of the JVM, stopped when the JVM exits. */
    public static synchronized TestDatabase shared() {
        if (shared == null) {
            shared = start();
            TestDatabase db = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.close();
                } catch (IOException e) {
                    // the JVM is going away anyway
                }
            }));
        }
        return shared;
    }

    private static TestDatabase start() {
        try {
            Path dir = TempDirs.create("outpost-testdb");
            TestPostgres server = TestPostgres.start(dir.resolve("pg"));
            Flyway.configure().dataSource(server.jdbcUrl("postgres"), null, null).locations("classpath:db/migration")
                    .load().migrate();
            return new TestDatabase(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Pool pool() {
        return pool;
    }

    /** Runs SQL and waits for it. */
    public RowSet<Row> sql(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(Arrays.asList(params)))
                .await().atMost(Duration.ofSeconds(10));
    }

    /** Empties the outbox. */
    public void reset() {
        sql("truncate outbox_message");
        sql("update outbox_usage set messages = 0, bytes = 0");
    }

    @Override
    public void close() throws IOException {
        pool.closeAndAwait();
        vertx.closeAndAwait();
        server.close();
    }
}
