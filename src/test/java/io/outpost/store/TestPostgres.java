package io.outpost.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A PostgreSQL server of a test's own, run as the agent runs its embedded one (the same binaries, settings
 * and lifecycle) but outside the agent's one-per-JVM store: for store tests without a Quarkus boot, and
 * as the external database of {@code ExternalStoreIT}. The binaries are unpacked once per build, into
 * {@code target/pg-bin}.
 */
public final class TestPostgres implements AutoCloseable {

    private static final Path BINARIES = Path.of("target", "pg-bin").toAbsolutePath();

    private final PgServer server;
    private final int port;

    private TestPostgres(PgServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a server on a free port with its data in {@code pgData} (created there if missing). */
    public static TestPostgres start(Path pgData) throws IOException {
        return start(pgData, 20);
    }

    /** As {@link #start(Path)}, taking up to {@code maxConnections} (several agents share one in fleet tests). */
    public static TestPostgres start(Path pgData, int maxConnections) throws IOException {
        int port = TestPorts.free();
        EmbeddedStore.Settings settings = new EmbeddedStore.Settings(pgData.getParent(), port, "16MB", maxConnections,
                Duration.ofSeconds(60));
        PgServer server = new PgServer(PgCommand.of(PgBinaries.prepare(BINARIES)), pgData, port,
                ServerSettings.forDevice(settings), settings.startupTimeout());
        server.start();
        return new TestPostgres(server, port);
    }

    public int port() {
        return port;
    }

    /** A JDBC URL of one of its databases, as its superuser (no password: the server trusts loopback). */
    public String jdbcUrl(String database) {
        return jdbcUrl(database, EmbeddedStore.USER);
    }

    public String jdbcUrl(String database, String user) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + user;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
