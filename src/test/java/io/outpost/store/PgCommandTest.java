package io.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How PostgreSQL's programs are run: through unshare as root, the server through setsid where it exists. */
class PgCommandTest {

    private static final Path HOME = Path.of("/data/pg-bin");
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    @Test
    void asAUserTheProgramsRunAsThemselvesAndTheServerInASessionOfItsOwn() {
        PgCommand command = new PgCommand(HOME, false, Optional.of(SETSID));
        assertThat(command.program("initdb", List.of("-D", "pg"))).containsExactly("/data/pg-bin/bin/initdb", "-D", "pg");
        assertThat(command.server(List.of("-D", "pg"))).containsExactly("/usr/bin/setsid", "/data/pg-bin/bin/postgres", "-D", "pg");
    }

    @Test
    void asRootEachRunsInAUserNamespaceOfItsOwn() {
        PgCommand command = new PgCommand(HOME, true, Optional.of(SETSID));
        assertThat(command.program("pg_ctl", List.of("stop"))).containsExactly("unshare", "-U", "/data/pg-bin/bin/pg_ctl", "stop");
        assertThat(command.server(List.of("-p", "5432")))
                .containsExactly("unshare", "-U", "/usr/bin/setsid", "/data/pg-bin/bin/postgres", "-p", "5432");
    }

    @Test
    void withoutSetsidTheServerRunsInTheAgentsSession() {
        assertThat(new PgCommand(HOME, false, Optional.empty()).server(List.of())).containsExactly("/data/pg-bin/bin/postgres");
    }

    @Test
    void setsidIsTheFirstExecutableOnThePath(@TempDir Path tmp) throws Exception {
        Path notExecutable = Files.createDirectories(tmp.resolve("a")).resolve("setsid");
        Files.writeString(notExecutable, "");
        Path executable = Files.createDirectories(tmp.resolve("b")).resolve("setsid");
        Files.writeString(executable, "");
        Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = tmp.resolve("none") + "::" + tmp.resolve("a") + ":" + tmp.resolve("b");
        assertThat(PgCommand.onPath("setsid", path)).contains(executable);
        assertThat(PgCommand.onPath("setsid", tmp.resolve("a").toString())).isEmpty();
        assertThat(PgCommand.onPath("setsid", null)).isEmpty();
    }

    @Test
    void theEffectiveUserIsRead() throws Exception {
        assertThat(PgCommand.effectiveUid()).isEqualTo(((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue());
    }
}
