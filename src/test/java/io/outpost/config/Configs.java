package io.outpost.config;

import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The agent's configuration built from properties as Quarkus builds it: its converters and its rules. */
final class Configs {

    private Configs() {
    }

    /** The mapping; a rule broken throws {@link ConfigValidationException}. */
    static OutpostConfig build(Map<String, String> props) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withMapping(OutpostConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withConverter(RateLimit.class, 200, new RateLimitConverter())
                .withConverter(ByteBudget.class, 200, new ByteBudgetConverter())
                .withSources(new PropertiesConfigSource(props, "test", 500));
        new ConfigRules().configBuilder(builder);
        return builder.build().getConfigMapping(OutpostConfig.class);
    }
}
