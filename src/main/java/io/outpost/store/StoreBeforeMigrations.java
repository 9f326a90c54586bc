package io.outpost.store;

import jakarta.inject.Singleton;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;

/**
 * The migrations are the store's first user at start-up: they wait here for the embedded PostgreSQL,
 * which was started in the background while the rest of the application booted.
 */
@Singleton
class StoreBeforeMigrations implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        StoreStartup.awaitStarted();
    }
}
