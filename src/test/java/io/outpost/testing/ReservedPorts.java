package io.outpost.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers that a test stops and starts again on the same port (a switchable upstream, an agent
 * killed and restarted), taken below Linux's ephemeral range (32768-60999). A port that
 * {@code ServerSocket(0)} hands out is in that range, and while its server is down any outgoing connection
 * on the machine may be given it as its source port, so the restart could not listen there ("Address
 * already in use", seen once in PriorityAtReturnTest). Each test JVM has its own slice, by the fork number
 * the build passes as {@code outpost.test.fork} (the integration tests run in up to {@value #FORKS} forks
 * side by side), so two forks never pick the same port; within a JVM a port is handed out once, so two
 * agents or upstreams of one test never get the same one either.
 */
public final class ReservedPorts {

    /** As many slices as the build runs test forks at most (failsafe's forkCount). */
    static final int FORKS = 4;
    private static final int BASE = 20000;
    private static final int SLICE = 12000 / FORKS;
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private ReservedPorts() {
    }

    /** A port of this JVM's slice that was free a moment ago and that this JVM has not handed out before. */
    public static int next() {
        int fork = Math.max(1, Integer.getInteger("outpost.test.fork", 1));
        int start = BASE + ((fork - 1) % FORKS) * SLICE;
        for (int tries = 0; tries < 100; tries++) {
            int port = start + ThreadLocalRandom.current().nextInt(SLICE);
            if (!GIVEN.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException e) {
                // taken by another process: try another
            }
        }
        throw new IllegalStateException("no free port in " + start + "-" + (start + SLICE - 1));
    }
}
