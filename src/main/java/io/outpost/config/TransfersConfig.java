package io.outpost.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;

/** File transfers ({@code outpost.transfers.*}): uploads spooled to disk, downloads that resume. */
public interface TransfersConfig {

    /**
     * Largest upload body; a bigger one is refused with 413 as soon as it declares or passes the limit.
     * The spool directory must have room for it. Units: {@code K}, {@code M}, {@code G}.
     */
    @WithDefault("1G")
    MemorySize maxUploadSize();

    /** Most transfers running at once (at least 1), over all routes; the others wait as {@code queued}. */
    @WithDefault("2")
    int concurrency();

    /**
     * How often a running transfer syncs its file and records its offset in the store: after a crash or a
     * power cut it resumes from the last record, so this bounds what is fetched or sent twice.
     */
    @WithDefault("1s")
    Duration progressInterval();

    /**
     * Free space to leave on the spool's file system: an upload that would eat into it is refused with 507
     * (the store and the other state share that disk).
     */
    @WithDefault("64M")
    MemorySize minFreeSpace();

    /**
     * How long a finished transfer (completed or failed) is kept, with its downloaded file; then both are
     * removed, so a device's disk does not fill with old downloads. {@code DELETE /v1/transfers/{id}} removes
     * one sooner.
     */
    @WithDefault("7d")
    Duration retention();
}
