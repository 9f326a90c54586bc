package io.outpost.upstream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;

import io.smallrye.faulttolerance.api.Spi;

/**
 * SmallRye Fault Tolerance builds guards through an {@link Spi}: the CDI one applies only inside a running
 * container, so plain unit tests need {@code smallrye-fault-tolerance-standalone} on the test classpath. Without
 * it the tests fail rather than skip: a skipped guard test is a green build that proved nothing.
 */
final class FaultToleranceSupport {

    private static final boolean USABLE_WITHOUT_CDI = ServiceLoader.load(Spi.class).stream()
            .anyMatch(provider -> provider.get().applies());

    private FaultToleranceSupport() {
    }

    static void requireUsableWithoutCdi() {
        assertTrue(USABLE_WITHOUT_CDI,
                "TypedGuard needs CDI or io.smallrye:smallrye-fault-tolerance-standalone on the test classpath");
    }
}
