package io.outpost.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an installed systemd unit that say how to start the agent, read as systemd reads them, so
 * a test can start it the same way without systemd: ExecStart, WorkingDirectory, Environment= and the
 * EnvironmentFile (a leading '-' makes it optional; later assignments win).
 */
record SystemdUnit(Map<String, List<String>> service) {

    static SystemdUnit read(Path file) throws IOException {
        Map<String, List<String>> service = new LinkedHashMap<>();
        String section = "";
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line;
            } else if (section.equals("[Service]") && line.contains("=")) {
                int eq = line.indexOf('=');
                service.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
            }
        }
        return new SystemdUnit(service);
    }

    String one(String key) {
        List<String> values = service.getOrDefault(key, List.of());
        if (values.size() != 1) {
            throw new IllegalStateException(key + " set " + values.size() + " times: " + values);
        }
        return values.get(0);
    }

    Path execStart() {
        return Path.of(one("ExecStart").split("\\s+")[0]);
    }

    Path environmentFile() {
        return Path.of(one("EnvironmentFile").replaceFirst("^-", ""));
    }

    /** The service's environment; {@code %S} (the state directories' root) is {@code stateRoot}. */
    Map<String, String> environment(Path stateRoot) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String assignment : service.getOrDefault("Environment", List.of())) {
            put(env, assignment.replace("%S", stateRoot.toString()));
        }
        for (String line : Files.readAllLines(environmentFile())) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                put(env, line.strip());
            }
        }
        return env;
    }

    private static void put(Map<String, String> env, String assignment) {
        int eq = assignment.indexOf('=');
        String value = assignment.substring(eq + 1);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        env.put(assignment.substring(0, eq), value);
    }
}
