package io.outpost.outbox;

import java.time.Clock;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.outpost.config.OutpostConfig;
import io.outpost.fleet.Fleet;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Runs the retention purge a minute after start and every ten minutes after that, on the agent that holds the
 * fleet's once-only jobs (a single agent always does).
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    private static final long FIRST_MS = 60_000;
    private static final long EVERY_MS = 600_000;

    private final Purge purge;
    private final Vertx vertx;
    private final Clock clock;
    private final Fleet fleet;
    private long timer = -1;

    Housekeeping(Pool pool, Vertx vertx, Clock clock, OutpostConfig config, Fleet fleet) {
        this.purge = new Purge(pool, config.outbox().retention(), config.outbox().deadRetention());
        this.vertx = vertx;
        this.clock = clock;
        this.fleet = fleet;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setTimer(FIRST_MS, id -> run());
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timer);
    }

    private void run() {
        if (!fleet.leads()) {
            timer = vertx.setTimer(EVERY_MS, id -> run());
            return;
        }
        purge.run(clock.instant()).subscribe().with(removed -> {
            if (removed > 0) {
                LOG.infof("Retention removed %d finished outbox record(s)", removed);
            }
            timer = vertx.setTimer(EVERY_MS, id -> run());
        }, failure -> {
            LOG.warnf("Retention purge failed, will retry: %s", failure.toString());
            timer = vertx.setTimer(EVERY_MS, id -> run());
        });
    }
}
