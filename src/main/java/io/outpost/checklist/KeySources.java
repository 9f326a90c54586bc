package io.outpost.checklist;

/** Where a configuration key's value came from, which decides whether a secret in it is well kept. */
interface KeySources {

    /** The kinds of source a value can come from. */
    enum Origin {
        /** Not set: the default applies. */
        UNSET,
        /** An environment variable (a Kubernetes Secret as env, a systemd credential, ...). */
        ENVIRONMENT,
        /** A file of its own per key (a mounted Secret read as a config source). */
        SECRET,
        /** A {@code -D} system property: visible to anyone who can list processes. */
        SYSTEM_PROPERTY,
        /** A properties or YAML file of the configuration, usually readable, copied and committed. */
        CONFIG_FILE
    }

    Origin origin(String key);

    /** A human name of the source of {@code key}, for the detail of an item. */
    String describe(String key);
}
