package io.outpost.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * The database cluster in {@code <data-dir>/pg}, created by initdb at the first start. A marker beside it
 * spans the initdb, so that a first start cut short (a power cut, a kill) is done again at the next one
 * instead of leaving a cluster that never starts. The directory itself is kept (it may be a mount point).
 */
final class PgCluster {

    private static final Logger LOG = Logger.getLogger(PgCluster.class);

    private PgCluster() {
    }

    static void createIfMissing(PgCommand command, Path pgData) throws IOException {
        Path marker = pgData.resolveSibling(pgData.getFileName() + ".initdb");
        if (Files.exists(marker) && Files.isDirectory(pgData)) {
            LOG.warnf("The creation of the database in %s was cut short; creating it again", pgData);
            Trees.empty(pgData);
        } else if (Files.exists(pgData.resolve("PG_VERSION"))) {
            return;
        }
        Files.createDirectories(pgData);
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
        long t0 = System.nanoTime();
        // C locale: the database sorts and compares the same on every device, needs no locale installed
        // there, and its indexes do not depend on the C library's collation (which changes with upgrades).
        String output = command.run("initdb", List.of("-D", pgData.toString(), "-U", EmbeddedStore.USER,
                "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-instructions"));
        Files.delete(marker);
        LOG.debug(output);
        LOG.infof("Embedded PostgreSQL database created in %s in %d ms", pgData, (System.nanoTime() - t0) / 1_000_000);
    }
}
