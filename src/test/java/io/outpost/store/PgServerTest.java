package io.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** initdb once, pg_ctl start and stop, on the shipped binaries alone. */
class PgServerTest {

    private static final Map<String, String> SETTINGS = Map.of("listen_addresses", "127.0.0.1",
            "unix_socket_directories", "''", "shared_buffers", "16MB", "max_connections", "5");

    @Test
    void initialisesOnceStartsInItsOwnSessionAndStops(@TempDir Path data) throws Exception {
        Path pgData = data.resolve("pg");
        Files.createDirectories(pgData.resolve("base")); // an initdb cut short by a kill
        Files.writeString(pgData.resolve("PG_VERSION"), "17\n");
        Files.createFile(data.resolve("pg.initdb"));
        PgServer server = new PgServer(PgBinaries.prepare(data.resolve("pg-bin")), pgData);
        server.initIfNeeded("postgres");
        assertThat(pgData.resolve("global/pg_control")).as("made again").isRegularFile();
        assertThat(data.resolve("pg.initdb")).doesNotExist();
        long initialised = Files.getLastModifiedTime(pgData.resolve("PG_VERSION")).toMillis();
        server.initIfNeeded("postgres");
        assertThat(Files.getLastModifiedTime(pgData.resolve("PG_VERSION")).toMillis()).isEqualTo(initialised);

        int port = freePort();
        server.start(port, SETTINGS, Duration.ofSeconds(60));
        ProcessHandle postmaster = Postmaster.running(pgData).orElseThrow();
        try {
            assertThat(postmaster.info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("/postgres"));
            assertThat(session(postmaster.pid())).as("a session of its own, apart from the JVM's")
                    .isEqualTo(postmaster.pid()).isNotEqualTo(session(ProcessHandle.current().pid()));
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(socket.isConnected()).as("listening on the port chosen up front").isTrue();
            }
            assertThatThrownBy(() -> server.start(port, SETTINGS, Duration.ofSeconds(5)))
                    .as("a second start of the same directory fails, with pg_ctl's reason").isInstanceOf(IOException.class)
                    .hasMessageContaining("pg_ctl");
        } finally {
            server.stop();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !postmaster.isAlive()); // it exits just after its pid file
        assertThat(pgData.resolve("postmaster.pid")).doesNotExist();
        assertThat(data.resolve("pg.log")).isRegularFile();
    }

    /** The session id, field 6 of /proc/<pid>/stat (after the parenthesised command name). */
    private static long session(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
