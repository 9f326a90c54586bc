package io.outpost.config;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValidator;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Runs {@link ConfigChecks} on the agent's configuration mapping as SmallRye Config builds it (registered in
 * {@code META-INF/services}), after whatever validator was there. A problem fails the build of the
 * configuration: start-up stops before any bean, the store or a route is touched, and Quarkus reports every
 * problem at once.
 */
public class ConfigRules implements SmallRyeConfigBuilderCustomizer {

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        ConfigValidator before = builder.getValidator();
        builder.withValidator((mapping, prefix, object) -> {
            before.validateMapping(mapping, prefix, object);
            if (object instanceof OutpostConfig config) {
                var problems = ConfigChecks.problems(config);
                if (!problems.isEmpty()) {
                    throw new ConfigValidationException(problems.stream().map(ConfigValidationException.Problem::new)
                            .toArray(ConfigValidationException.Problem[]::new));
                }
            }
        });
    }
}
