package io.outpost.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON of {@code GET /v1/network/events} for both kinds of change, byte for byte as it was when one
 * record with a null route stood for a network change, and which listener hears which kind.
 */
class NetworkEventsTest {

    private static final Instant AT = Instant.parse("2026-12-07T10:15:30Z");
    /** As Quarkus configures Jackson: ISO-8601 instants. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void aRouteChangeNamesTheRouteItsReachabilityAndItsError() throws Exception {
        var change = new LinkMonitor.RouteChange("orders", false, NetworkState.DEGRADED, AT, "connection refused");
        assertThat(JSON.writeValueAsString(NetworkEvents.Event.of(change))).isEqualTo(
                "{\"state\":\"degraded\",\"since\":\"2026-12-07T10:15:30Z\",\"route\":\"orders\",\"reachable\":false,"
                        + "\"error\":\"connection refused\"}");
    }

    @Test
    void aRouteBackWithoutAnErrorLeavesTheErrorOut() throws Exception {
        var change = new LinkMonitor.RouteChange("orders", true, NetworkState.ONLINE, AT, null);
        assertThat(JSON.writeValueAsString(NetworkEvents.Event.of(change))).isEqualTo(
                "{\"state\":\"online\",\"since\":\"2026-12-07T10:15:30Z\",\"route\":\"orders\",\"reachable\":true}");
    }

    @Test
    void aNetworkChangeHasOnlyTheStateAndSince() throws Exception {
        var change = new LinkMonitor.NetworkChange(NetworkState.OFFLINE, AT);
        assertThat(JSON.writeValueAsString(NetworkEvents.Event.of(change))).isEqualTo(
                "{\"state\":\"offline\",\"since\":\"2026-12-07T10:15:30Z\"}");
    }

    @Test
    void routeListenersHearRouteChangesAndChangeListenersHearEveryChange() {
        LinkMonitor monitor = TestLinks.reachable(Clock.fixed(AT, ZoneOffset.UTC), "a", "b");
        List<LinkMonitor.Change> all = new CopyOnWriteArrayList<>();
        List<LinkMonitor.RouteChange> routes = new CopyOnWriteArrayList<>();
        monitor.onChange(all::add);
        monitor.onRouteChange(routes::add);

        monitor.failed("a", "connection refused");

        assertThat(routes).containsExactly(
                new LinkMonitor.RouteChange("a", false, monitor.network(), AT, "connection refused"));
        assertThat(all).containsExactlyElementsOf(routes);
    }
}
