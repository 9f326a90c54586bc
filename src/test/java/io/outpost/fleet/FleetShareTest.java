package io.outpost.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FleetShareTest {

    @Test
    void anAgentAloneHasTheWholeLimit() {
        assertThat(FleetShare.of(8, 1)).isEqualTo(8);
    }

    @Test
    void theSharesOfTheLiveAgentsNeverAddUpToMoreThanTheLimit() {
        for (int limit = 1; limit <= 64; limit++) {
            for (int agents = 1; agents <= limit; agents++) {
                assertThat(FleetShare.of(limit, agents) * agents).as(limit + " / " + agents).isLessThanOrEqualTo(limit);
            }
        }
        assertThat(FleetShare.of(4, 3)).isEqualTo(1);
        assertThat(FleetShare.of(10, 3)).isEqualTo(3);
    }

    @Test
    void moreAgentsThanTheLimitStillGiveEachOneRequest() {
        assertThat(FleetShare.of(2, 5)).isEqualTo(1);
        assertThat(FleetShare.of(1, 0)).isEqualTo(1);
    }
}
