package io.outpost;

import io.outpost.api.UriCheck;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts the agent. Only here because a malformed request URI should get a problem, see {@link UriCheck}. */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        System.setProperty(UriCheck.QUARKUS_CHECK_OFF, "true");
        Quarkus.run(args);
    }
}
