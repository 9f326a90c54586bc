package io.outpost.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;

/**
 * The responses held open (event streams, long polls), each with what ends it. A stopping agent ends them at
 * once: they would otherwise hold up the HTTP server's graceful shutdown for the whole
 * {@code quarkus.shutdown.timeout}, and their clients come back (with their position) once it is up again.
 */
@Singleton
public class OpenResponses {

    private final Set<Runnable> open = ConcurrentHashMap.newKeySet();

    void stopping(@Observes ShutdownDelayInitiatedEvent event) {
        open.forEach(Runnable::run);
    }

    /** Keeps {@code end} to run at the stop, until the returned action lets it go. */
    Runnable hold(Runnable end) {
        open.add(end);
        return () -> open.remove(end);
    }
}
