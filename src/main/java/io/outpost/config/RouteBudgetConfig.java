package io.outpost.config;

import java.util.Optional;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/** A metered link's byte budget ({@code outpost.routes.<name>.budget[.*]}). */
public interface RouteBudgetConfig {

    /**
     * Request bytes the route may send per period, {@code <size>/<period>} such as {@code 100MiB/1d}: what goes
     * on the wire after compression, request line and headers included. Periods are fixed windows in UTC, counted
     * from 1970-01-01T00:00Z ({@code 1d}: each UTC day, {@code 1h}: each hour). Once spent, only messages of
     * {@code reserve-priority} or more urgent are sent until the window ends. Unset: no budget.
     */
    @WithParentName
    Optional<ByteBudget> limit();

    /**
     * The least urgent priority (0-9) still sent once the budget is spent; the rest wait, queued, until the
     * period rolls. What these send counts towards the budget too.
     */
    @WithDefault("1")
    int reservePriority();
}
