package io.outpost.checklist;

import java.util.Locale;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/** {@link KeySources} from MicroProfile Config: the source that won for each key, by its name. */
final class ConfigKeySources implements KeySources {

    private final Config config;

    ConfigKeySources(Config config) {
        this.config = config;
    }

    @Override
    public Origin origin(String key) {
        String source = source(key);
        if (source == null) {
            return Origin.UNSET;
        }
        String s = source.toLowerCase(Locale.ROOT);
        if (s.startsWith("envconfigsource")) {
            return Origin.ENVIRONMENT;
        }
        if (s.startsWith("syspropconfigsource")) {
            return Origin.SYSTEM_PROPERTY;
        }
        // SmallRye's source of a directory of files, one key per file: how a mounted Secret is read
        return s.startsWith("filesystemconfigsource") || s.contains("secret") ? Origin.SECRET : Origin.CONFIG_FILE;
    }

    @Override
    public String describe(String key) {
        return switch (origin(key)) {
            case UNSET -> "its default";
            case ENVIRONMENT -> "the environment";
            case SYSTEM_PROPERTY -> "a system property (-D, visible in the process list)";
            default -> source(key);
        };
    }

    private String source(String key) {
        ConfigValue value = config.getConfigValue(key);
        return value == null || value.getValue() == null ? null : value.getSourceName();
    }
}
