package io.outpost.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void version7WithTheTimestampInFront() {
        long ms = 1_795_675_633_123L;
        UUID id = Ids.newId(ms);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(ms);
    }

    @Test
    void laterMillisecondsSortAfter() {
        assertThat(Ids.newId(2000).compareTo(Ids.newId(1000))).isPositive();
    }

    @Test
    void unique() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(Ids.newId(42));
        }
        assertThat(ids).hasSize(100_000);
    }
}
