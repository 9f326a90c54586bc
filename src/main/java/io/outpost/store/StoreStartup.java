package io.outpost.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The JVM's one embedded store and its first start. The config source that needs the server's port starts
 * it, in the background on a port chosen up front, so that its start overlaps the application's; the first
 * user of the store (the migrations) waits for it with {@link #awaitStarted()}. Until the application has
 * started and stops the server itself, in order ({@link StoreLifecycle}), a shutdown hook does.
 */
final class StoreStartup {

    private static EmbeddedStore current;
    private static CompletableFuture<Void> started;
    private static volatile boolean managed;

    private StoreStartup() {
    }

    /** Starts the server for these settings (in the background), or returns the one already there for them. */
    static synchronized EmbeddedStore start(EmbeddedStore.Settings settings) {
        if (current != null && current.settings().equals(settings) && !started.isCompletedExceptionally()) {
            if (started.isDone()) {
                current.restart(); // a no-op unless something stopped it
            }
            return current;
        }
        if (current != null) {
            current.stop();
        }
        EmbeddedStore store = new EmbeddedStore(settings, settings.port() != 0 ? settings.port() : freePort());
        CompletableFuture<Void> start = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                store.restart();
                start.complete(null);
            } catch (RuntimeException | Error e) {
                start.completeExceptionally(e);
            }
        }, "outpost-store-start");
        starter.setDaemon(true);
        starter.start();
        current = store;
        started = start;
        // If the application never starts (a bad config, a failed migration), nothing else would stop the
        // server; once it has started, its own shutdown does, in order.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!managed) {
                store.stop();
            }
        }, "outpost-store-stop"));
        return store;
    }

    /** The application has started and will stop the server itself on shutdown. */
    static void markManaged() {
        managed = true;
    }

    /** The embedded store, if the agent started one. */
    static synchronized EmbeddedStore current() {
        return current;
    }

    /** Waits until the server started in the background is up; rethrows why it could not start. */
    static void awaitStarted() {
        CompletableFuture<Void> start;
        synchronized (StoreStartup.class) {
            start = started;
        }
        if (start == null) {
            return;
        }
        try {
            start.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** PostgreSQL gets a port that was free a moment ago, chosen before the start so that config can name it. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the embedded PostgreSQL", e);
        }
    }
}
