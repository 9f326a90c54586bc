package io.outpost.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RouteLinkTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void goesDownAfterTheThresholdOfConsecutiveFailuresOnly() {
        RouteLink link = new RouteLink(3, T0);
        assertThat(link.failed(T0, "refused")).isFalse();
        assertThat(link.failed(T0, "refused")).isFalse();
        assertThat(link.answered(T0, 5)).isFalse();
        assertThat(link.failed(T0, "refused")).isFalse();
        assertThat(link.failed(T0, "refused")).isFalse();
        assertThat(link.reachable()).isTrue();
        assertThat(link.failed(T0.plusSeconds(1), "timeout")).as("third in a row").isTrue();
        assertThat(link.reachable()).isFalse();
        assertThat(link.since()).isEqualTo(T0.plusSeconds(1));
        assertThat(link.lastError()).isEqualTo("timeout");
        assertThat(link.failed(T0.plusSeconds(2), "timeout")).as("already down").isFalse();
    }

    @Test
    void anyAnswerBringsItBack() {
        RouteLink link = new RouteLink(1, T0);
        link.failed(T0, "refused");
        assertThat(link.answered(T0.plusSeconds(5), 12)).isTrue();
        assertThat(link.reachable()).isTrue();
        assertThat(link.latencyMillis()).isEqualTo(12);
        assertThat(link.lastError()).isNull();
        assertThat(link.since()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void failureRatioCoversTheLastTwentyOutcomes() {
        RouteLink link = new RouteLink(100, T0);
        for (int i = 0; i < 20; i++) {
            link.failed(T0, "x");
        }
        assertThat(link.failureRatio()).isEqualTo(1.0);
        for (int i = 0; i < 10; i++) {
            link.answered(T0, 1);
        }
        assertThat(link.failureRatio()).isEqualTo(0.5);
        link.answeredWithError();
        assertThat(link.failureRatio()).isEqualTo(0.5);
    }

    @Test
    void theFailuresOfAnOutageDoNotCountOnceTheRouteIsBack() {
        RouteLink link = new RouteLink(3, T0);
        for (int i = 0; i < 26; i++) { // the failures that took it down, then the probes while it was down
            link.failed(T0, "refused");
        }
        link.answered(T0.plusSeconds(30), 4);
        assertThat(link.failureRatio()).isZero();
        link.answeredWithError();
        assertThat(link.failureRatio()).isEqualTo(0.5);
    }

    @Test
    void networkStateFromTheLinks() {
        RouteLink up = new RouteLink(1, T0);
        RouteLink down = new RouteLink(1, T0);
        down.failed(T0, "x");
        RouteLink failing = new RouteLink(100, T0);
        for (int i = 0; i < 10; i++) {
            failing.answeredWithError();
        }
        assertThat(NetworkState.of(List.of(), 0.5)).isEqualTo(NetworkState.ONLINE);
        assertThat(NetworkState.of(List.of(up), 0.5)).isEqualTo(NetworkState.ONLINE);
        assertThat(NetworkState.of(List.of(up, down), 0.5)).isEqualTo(NetworkState.DEGRADED);
        assertThat(NetworkState.of(List.of(down), 0.5)).isEqualTo(NetworkState.OFFLINE);
        assertThat(NetworkState.of(List.of(up, failing), 0.5)).isEqualTo(NetworkState.DEGRADED);
        assertThat(NetworkState.OFFLINE.wire()).isEqualTo("offline");
    }
}
