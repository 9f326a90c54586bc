package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExposureCheckTest {

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.3.4.5", "localhost", "::1", "[::1]" })
    void loopbackNeedsNoToken(String host) {
        assertThat(ExposureCheck.problem(host, false)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "0.0.0.0", "::", "192.0.2.7", "gateway.local" })
    void anotherAddressWithoutATokenIsAProblem(String host) {
        assertThat(ExposureCheck.problem(host, false)).contains("quarkus.http.host=" + host).contains("without a token");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0.0.0.0", "::", "192.0.2.7" })
    void anyAddressWithATokenIsFine(String host) {
        assertThat(ExposureCheck.problem(host, true)).isNull();
    }
}
