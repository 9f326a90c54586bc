package io.outpost.store;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Watches the embedded PostgreSQL while the agent runs (it is started again if it exits on its own), and
 * stops it cleanly when the agent shuts down (SIGTERM, systemd stop, pod deletion).
 */
@ApplicationScoped
class StoreLifecycle {

    private final PostmasterWatch watch = new PostmasterWatch();

    void started(@Observes StartupEvent event) {
        StoreStartup.awaitStarted(); // already done by the migrations, unless they were turned off
        StoreStartup.markManaged();
        EmbeddedStore store = StoreStartup.current();
        if (store != null) {
            watch.start(store);
        }
    }

    /** Last of the shutdown observers, so that whatever else stops first can still reach the store. */
    void stop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        watch.stop();
        EmbeddedStore store = StoreStartup.current();
        if (store != null) {
            store.stop();
        }
    }
}
