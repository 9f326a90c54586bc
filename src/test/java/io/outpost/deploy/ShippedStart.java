package io.outpost.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * A pod's start as the shipped files describe it, up to the moment the launcher hands over to the agent: the
 * image's ENV and ENTRYPOINT (a Dockerfile), the container's env from the manifest over them (as the kubelet
 * does), the Secret's keys as files where it is mounted and the data volume, all under a scratch root. The
 * launcher (deploy/bin/outpost) runs for real; the JVM (or native executable) it starts is a stub that prints
 * what the agent would be given.
 */
final class ShippedStart {

    private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\"([^\"]*)\"|\\S+)");

    record Handover(int exit, Map<String, String> env, String args, String stderr) {
    }

    private ShippedStart() {
    }

    static Handover run(Path dockerfile, PodSpec pod, Container agent, Secret secret, Path root)
            throws IOException, InterruptedException {
        String docker = Files.readString(dockerfile);
        Map<String, String> env = new LinkedHashMap<>(imageEnv(docker));
        agent.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        Path stub = root.resolve("stub");
        Files.writeString(stub, "#!/bin/sh\nenv\necho \"ARGS=$*\"\n");
        stub.toFile().setExecutable(true);
        List<String> mounts = new ArrayList<>();
        for (var m : agent.getVolumeMounts()) {
            mounts.add(m.getMountPath());
            var volume = pod.getVolumes().stream().filter(v -> v.getName().equals(m.getName())).findFirst().orElseThrow();
            Path at = under(root, m.getMountPath());
            if (volume.getSecret() != null && volume.getSecret().getSecretName().equals(secret.getMetadata().getName())) {
                Files.createDirectories(at);
                for (var kv : secret.getStringData().entrySet()) {
                    Files.writeString(at.resolve(kv.getKey()), kv.getValue());
                }
            } else if (m.getSubPath() == null) {
                Files.createDirectories(at);
            }
        }
        env.replaceAll((k, v) -> remap(v, mounts, root));
        if (env.containsKey("OUTPOST_NATIVE")) {
            env.put("OUTPOST_NATIVE", stub.toString());
        }
        env.put("JAVA", stub.toString());
        env.put("PATH", System.getenv("PATH"));
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of("sh", "deploy/bin/outpost")));
        pb.command().addAll(entrypointArgs(docker));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the launcher did not finish: " + err);
        }
        Map<String, String> seen = new LinkedHashMap<>();
        String args = "";
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("ARGS=")) {
                args = line.substring(5);
            } else if (eq > 0) {
                seen.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new Handover(p.exitValue(), seen, args, err);
    }

    /** Where an absolute path of the container lies under the scratch root. */
    static Path under(Path root, String containerPath) {
        return root.resolve(containerPath.substring(1));
    }

    static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    /** Every ENV pair of the Dockerfile (continuation lines joined). */
    static Map<String, String> imageEnv(String docker) {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher block = Pattern.compile("(?m)^ENV ((?:.*\\\\\\n)*.*)$").matcher(docker);
        while (block.find()) {
            Matcher pair = ENV_PAIR.matcher(block.group(1).replace("\\\n", " "));
            while (pair.find()) {
                env.put(pair.group(1), pair.group(3) != null ? pair.group(3) : pair.group(2));
            }
        }
        return env;
    }

    /** The ENTRYPOINT's arguments after the program (exec form). */
    static List<String> entrypointArgs(String docker) {
        Matcher m = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(docker);
        if (!m.find()) {
            throw new IllegalStateException("no exec-form ENTRYPOINT");
        }
        List<String> all = new ArrayList<>();
        Matcher s = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (s.find()) {
            all.add(s.group(1));
        }
        return all.subList(1, all.size());
    }

    private static String remap(String value, List<String> mounts, Path root) {
        for (String mount : mounts) {
            if (value.startsWith(mount + "/") || value.equals(mount)) {
                return under(root, mount) + value.substring(mount.length());
            }
        }
        return value;
    }
}
