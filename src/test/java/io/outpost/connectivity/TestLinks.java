package io.outpost.connectivity;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.outpost.config.ConnectivityConfig;
import io.outpost.config.OutpostConfig;
import io.outpost.config.RouteConfig;

/** Link monitors for unit tests outside CDI: the given routes, one failure marks a route unreachable. */
public final class TestLinks {

    private TestLinks() {
    }

    public static LinkMonitor reachable(Clock clock, String... routes) {
        return new LinkMonitor(clock, config(routes), new SimpleMeterRegistry());
    }

    public static LinkMonitor unreachable(Clock clock, String... routes) {
        LinkMonitor monitor = reachable(clock, routes);
        for (String route : routes) {
            monitor.failed(route, "down for the test");
        }
        return monitor;
    }

    private static OutpostConfig config(String... names) {
        Map<String, RouteConfig> routes = new LinkedHashMap<>();
        for (String name : names) {
            routes.put(name, proxy(RouteConfig.class, Map.of())); // the monitor only reads the names
        }
        ConnectivityConfig connectivity = proxy(ConnectivityConfig.class, Map.of("failureThreshold", 1,
                "degradedFailureRatio", 0.5));
        return proxy(OutpostConfig.class, Map.of("routes", routes, "connectivity", connectivity));
    }

    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName() + " is not set in this test config");
            }
            return answers.get(method.getName());
        }));
    }
}
