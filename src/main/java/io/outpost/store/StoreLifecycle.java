package io.outpost.store;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Stops the embedded PostgreSQL cleanly when the agent shuts down (SIGTERM, systemd stop, pod deletion). */
@ApplicationScoped
class StoreLifecycle {

    void started(@Observes StartupEvent event) {
        EmbeddedStore.awaitStarted(); // already done by the migrations, unless they were turned off
        EmbeddedStore.markManaged();
    }

    /** Last of the shutdown observers, so that whatever else stops first can still reach the store. */
    void stop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        EmbeddedStore store = EmbeddedStore.current();
        if (store != null) {
            store.stop();
        }
    }
}
