package io.outpost.api;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.outpost.config.OutpostConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to serve an unauthenticated API beyond the device: a start that listens on an address other
 * than loopback with no token stops, naming the keys that fix it, unless the operator said
 * {@code outpost.api.allow-open-network=true} (then it warns). Runs first among the start-up observers,
 * before the relay, the streams or the transfers start.
 */
@ApplicationScoped
public class ExposureCheck {

    private static final Logger LOG = Logger.getLogger(ExposureCheck.class);

    void check(@Observes @Priority(1) StartupEvent event, ApiToken token, OutpostConfig config,
            @ConfigProperty(name = "quarkus.http.host") String host) {
        String problem = problem(host, token.required());
        if (problem == null) {
            return;
        }
        if (config.api().allowOpenNetwork()) {
            LOG.warn(problem);
            return;
        }
        throw new IllegalStateException(problem + ": set outpost.api.token-file (or outpost.api.token), listen on "
                + "loopback (quarkus.http.host=127.0.0.1), or accept it with outpost.api.allow-open-network=true");
    }

    /** What is wrong with listening on {@code host}, or null when nothing is. */
    static String problem(String host, boolean tokenRequired) {
        if (tokenRequired || loopback(host)) {
            return null;
        }
        return "quarkus.http.host=" + host + " serves the local API beyond this device without a token";
    }

    static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // only literal addresses: a name is not looked up (a start must not wait on DNS)
            return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?") && InetAddress.getByName(host.replaceAll("[\\[\\]]", ""))
                    .isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
