package io.outpost.outbox;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Message ids: UUID version 7 (RFC 9562), time-ordered so that the id index grows at its right edge
 * instead of splitting random pages, and random enough to double as an upstream idempotency key.
 */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static UUID newId(long epochMillis) {
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (epochMillis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
