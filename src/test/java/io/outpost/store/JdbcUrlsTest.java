package io.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void plainUrl() {
        assertThat(JdbcUrls.fromReactive("postgresql://db.local:5433/outpost"))
                .isEqualTo("jdbc:postgresql://db.local:5433/outpost");
    }

    @Test
    void vertxPrefixAndQueryKept() {
        assertThat(JdbcUrls.fromReactive("vertx-reactive:postgresql://h/db?sslmode=require"))
                .isEqualTo("jdbc:postgresql://h/db?sslmode=require");
    }

    @Test
    void credentialsMoveToParameters() {
        assertThat(JdbcUrls.fromReactive("postgresql://agent:p%40ss@h:5432/db"))
                .isEqualTo("jdbc:postgresql://h:5432/db?user=agent&password=p%40ss");
    }

    @Test
    void otherSchemesRefused() {
        assertThatThrownBy(() -> JdbcUrls.fromReactive("mysql://h/db")).hasMessageContaining("postgresql://");
    }
}
