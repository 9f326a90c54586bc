package io.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server's lifecycle on real binaries: create, start, ready, stop, a death seen, a failed
 * start explained, a cut-short initdb done again. One cluster for the tests that do not need a new one
 * (an initdb takes seconds here).
 */
class PgServerTest {

    private static final Path BINARIES = Path.of("target", "pg-bin").toAbsolutePath();

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;
    private PgServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.stop();
        }
    }

    private PgServer server(Path pgData, int port) throws IOException {
        EmbeddedStore.Settings settings = new EmbeddedStore.Settings(tmp, port, "16MB", 20, Duration.ofSeconds(60));
        server = new PgServer(PgCommand.of(PgBinaries.prepare(BINARIES)), pgData, port,
                ServerSettings.forDevice(settings), settings.startupTimeout());
        return server;
    }

    @Test
    void startsReadyWithTheDeviceSettingsInASessionOfItsOwnAndStopsCleanly() throws Exception {
        Path pgData = shared.resolve("pg");
        int port = TestPorts.free();
        server(pgData, port).start();
        long pid = server.pid();
        assertThat(Postmaster.pid(pgData)).contains(pid);
        assertThat(query(port, "select 1")).isEqualTo("1"); // ready means it answers, at once
        assertThat(query(port, "show fsync")).isEqualTo("on");
        assertThat(query(port, "show synchronous_commit")).isEqualTo("on");
        assertThat(query(port, "show unix_socket_directories")).isEmpty();
        assertThat(query(port, "show max_connections")).isEqualTo("20");
        assertThat(query(port, "select datcollate from pg_database where datname = 'postgres'")).isEqualTo("C");
        assertThat(session(pid)).as("the postmaster's session").isEqualTo(pid).isNotEqualTo(session(ProcessHandle.current().pid()));
        assertThat(server.exit()).isNotDone();

        server.stop();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("stopped and reaped").isEmpty();
        assertThat(pgData.resolve("postmaster.pid")).doesNotExist();
        assertThat(server.process()).isEmpty();

        server(pgData, port).start(); // the same cluster again, no initdb
        assertThat(query(port, "select 1")).isEqualTo("1");
    }

    @Test
    void aServerThatDiesIsSeenAtOnceWithItsStatus() throws Exception {
        int port = TestPorts.free();
        server(shared.resolve("pg"), port).start();
        ProcessHandle postmaster = server.process().orElseThrow();
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        postmaster.onExit().get(10, TimeUnit.SECONDS);
        for (ProcessHandle child : children) { // they end on their postmaster's death; the next test needs that
            child.onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(server.exit().get(10, TimeUnit.SECONDS)).as("SIGKILL's status, seen at once").isEqualTo(137);
        assertThat(server.process()).isEmpty();
        server.stop(); // nothing left to stop: no failure
    }

    @Test
    void aStartThatFailsSaysWhyInPostgresqlsOwnWords() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> server(shared.resolve("pg"), taken.getLocalPort()).start())
                    .isInstanceOf(IOException.class).hasMessageContaining("exited with status")
                    .hasMessageContaining("could not bind");
        }
        assertThat(server.process()).isEmpty();
    }

    @Test
    void aFirstStartCutShortInItsInitdbIsDoneAgain() throws Exception {
        Path pgData = tmp.resolve("pg");
        Files.createDirectories(pgData);
        Files.writeString(pgData.resolve("PG_VERSION"), "17\n"); // what initdb writes first
        Files.createFile(tmp.resolve("pg.initdb")); // the marker that it never finished
        int port = TestPorts.free();
        server(pgData, port).start();
        assertThat(query(port, "select 1")).isEqualTo("1");
        assertThat(tmp.resolve("pg.initdb")).doesNotExist();
    }

    private static String query(int port, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The session id, field 6 of /proc/<pid>/stat (after the command name in parentheses). */
    private static long session(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }
}
