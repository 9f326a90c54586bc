package io.outpost.fleet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.outpost.store.EmbeddedStore;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Wakes the other agents when this one queues work: a NOTIFY on {@value #CHANNEL} naming the route, and a
 * LISTEN that hands the routes other agents name to whoever listens here (the relay), so that an idle agent
 * claims a message another accepted within milliseconds instead of at its next poll. Notifications of one
 * route are coalesced: one in flight at a time, and one more after it if work was queued meanwhile, so a fast
 * accept stream costs a statement per store round trip, not per message. Alone in the fleet the agent sends
 * none. A lost notification costs latency only: every lane still polls. The same LISTEN connection carries the
 * streams' channels ({@link #listen(String, Consumer)}): events stored by a stream's holder, frames queued for it.
 */
@ApplicationScoped
public class WorkChannel {

    static final String CHANNEL = "outpost_work";
    private static final Logger LOG = Logger.getLogger(WorkChannel.class);

    private final Pool pool;
    private final Agent agent;
    private final Fleet fleet;
    private final PgSubscriber subscriber;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    /** Per route: absent when idle, false while a NOTIFY is out, true when another is due after it. */
    private final Map<String, Boolean> sending = new ConcurrentHashMap<>();

    /** {@code config}: the datasource's URL and credentials, known at run time only (the embedded store's port). */
    WorkChannel(Pool pool, Agent agent, Fleet fleet, Vertx vertx, Config config) {
        this.pool = pool;
        this.agent = agent;
        this.fleet = fleet;
        this.subscriber = PgSubscriber.subscriber(vertx, options(config)).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(this::received);
        subscriber.connect().onFailure(e -> LOG.debugf("LISTEN failed, retrying: %s", e));
    }

    /** The external store's URL and credentials as configured, else the embedded server's. */
    private static PgConnectOptions options(Config config) {
        Optional<String> url = config.getOptionalValue("quarkus.datasource.reactive.url", String.class);
        EmbeddedStore embedded = EmbeddedStore.current();
        if (url.isEmpty() && embedded != null) {
            return PgConnectOptions.fromUri(embedded.reactiveUrl()).setUser(embedded.user());
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.orElseThrow().replaceFirst("^vertx-reactive:", ""));
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return options;
    }

    /** {@code listener} gets the route of every notification another agent sends. */
    public void listen(Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * {@code listener} gets the payload of every notification on {@code channel}, another of the fleet's
     * channels (the streams' events and frames), over the same LISTEN connection: no connection per channel.
     */
    public void listen(String channel, Consumer<String> listener) {
        subscriber.channel(channel).handler(listener::accept);
    }

    /** Sends {@code payload} on {@code channel} to the other agents, if there are any; a lost one costs latency. */
    public void notify(String channel, String payload) {
        if (fleet.peers() > 0) {
            pool.preparedQuery("select pg_notify($1, $2)").execute(Tuple.of(channel, payload)).subscribe().with(
                    r -> { }, e -> LOG.debugf("NOTIFY on %s failed: %s", channel, e));
        }
    }

    /** Work for {@code route} was queued here: tells the other agents, if there are any. */
    public void announce(String route) {
        if (fleet.peers() == 0) {
            return;
        }
        while (true) {
            Boolean due = sending.putIfAbsent(route, false);
            if (due == null) {
                send(route);
                return;
            }
            if (due || sending.replace(route, false, true)) {
                return;
            }
        }
    }

    private void send(String route) {
        pool.preparedQuery("select pg_notify($1, $2)").execute(Tuple.of(CHANNEL, agent.id() + "\n" + route))
                .subscribe().with(r -> sent(route), e -> {
                    LOG.debugf("NOTIFY failed: %s", e);
                    sent(route);
                });
    }

    private void sent(String route) {
        if (sending.replace(route, true, false)) {
            send(route);
        } else {
            sending.remove(route, false);
        }
    }

    private void received(String payload) {
        int cut = payload.lastIndexOf('\n');
        if (cut < 0 || payload.substring(0, cut).equals(agent.id())) {
            return;
        }
        String route = payload.substring(cut + 1);
        listeners.forEach(l -> l.accept(route));
    }

    /** Before the store stops (which would end the LISTEN connection with an error to log). */
    void close(@Observes @Priority(Integer.MAX_VALUE - 2) ShutdownEvent event) {
        subscriber.close();
    }
}
