package io.outpost.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;

/**
 * What the agent's DaemonSet must have, as a list of problems (empty: fine). The rules are the operating
 * assumptions of the agent: probes on its health endpoints, bounded memory, a locked-down container, and a
 * data directory that outlives the pod.
 */
final class ManifestRules {

    static final String AGENT = "agent";
    private static final Set<String> INIT_ROOT_CAPABILITIES = Set.of("CHOWN", "FOWNER");
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([mMgG])");

    private ManifestRules() {
    }

    static List<String> check(DaemonSet ds) {
        List<String> problems = new ArrayList<>();
        PodSpec pod = ds.getSpec().getTemplate().getSpec();
        Optional<Container> agent = pod.getContainers().stream().filter(c -> AGENT.equals(c.getName())).findFirst();
        if (agent.isEmpty()) {
            return List.of("no container named " + AGENT);
        }
        Container c = agent.get();
        if (pod.getNodeSelector() == null || pod.getNodeSelector().isEmpty()) {
            problems.add("nodeSelector: empty (the agent belongs on edge nodes only)");
        }
        probe(problems, "startupProbe", c.getStartupProbe(), "/q/health/started");
        probe(problems, "livenessProbe", c.getLivenessProbe(), "/q/health/live");
        probe(problems, "readinessProbe", c.getReadinessProbe(), "/q/health/ready");
        pod.getInitContainers().forEach(i -> resources(problems, i));
        resources(problems, c);
        heapFits(problems, c);
        podSecurity(problems, pod);
        pod.getInitContainers().forEach(i -> containerSecurity(problems, i, true));
        containerSecurity(problems, c, false);
        if (pod.getTerminationGracePeriodSeconds() == null || pod.getTerminationGracePeriodSeconds() < 30) {
            problems.add("terminationGracePeriodSeconds: under 30 s (PostgreSQL needs time for a clean stop)");
        }
        dataDir(problems, pod, c);
        if (mountedVolume(pod, c, "/tmp").map(v -> v.getEmptyDir() == null).orElse(true)) {
            problems.add("/tmp: no emptyDir mounted (the root filesystem is read-only)");
        }
        return problems;
    }

    private static void probe(List<String> problems, String name, Probe p, String path) {
        if (p == null || p.getHttpGet() == null) {
            problems.add(name + ": missing");
        } else if (!path.equals(p.getHttpGet().getPath())) {
            problems.add(name + ": path " + p.getHttpGet().getPath() + ", expected " + path);
        }
    }

    private static void resources(List<String> problems, Container c) {
        var r = c.getResources();
        for (String kind : List.of("requests", "limits")) {
            Map<String, Quantity> q = r == null ? null : kind.equals("requests") ? r.getRequests() : r.getLimits();
            for (String res : List.of("cpu", "memory")) {
                if (q == null || q.get(res) == null) {
                    problems.add(c.getName() + ": resources." + kind + "." + res + " missing");
                }
            }
        }
        if (r != null && r.getRequests() != null && r.getLimits() != null && r.getRequests().get("memory") != null
                && r.getLimits().get("memory") != null
                && bytes(r.getLimits().get("memory")) < bytes(r.getRequests().get("memory"))) {
            problems.add(c.getName() + ": memory limit below its request");
        }
    }

    /** Heap cap plus what the JVM needs beside it (metaspace, code, threads: about 96 MiB measured). */
    private static void heapFits(List<String> problems, Container c) {
        String opts = env(c, "JAVA_OPTS").orElse("");
        Matcher m = XMX.matcher(opts);
        Quantity limit = c.getResources() == null || c.getResources().getLimits() == null ? null
                : c.getResources().getLimits().get("memory");
        if (!m.find()) {
            problems.add(AGENT + ": JAVA_OPTS has no -Xmx (the heap would be sized from the node, not the pod)");
        } else if (limit != null) {
            long xmx = Long.parseLong(m.group(1)) << (m.group(2).equalsIgnoreCase("g") ? 30 : 20);
            if (bytes(limit) < xmx + (96L << 20)) {
                problems.add(AGENT + ": memory limit leaves under 96 MiB beside -Xmx");
            }
        }
    }

    private static void podSecurity(List<String> problems, PodSpec pod) {
        var s = pod.getSecurityContext();
        if (s == null || !Boolean.TRUE.equals(s.getRunAsNonRoot())) {
            problems.add("pod: runAsNonRoot is not true");
        }
        if (s == null || s.getSeccompProfile() == null || !"RuntimeDefault".equals(s.getSeccompProfile().getType())) {
            problems.add("pod: seccompProfile is not RuntimeDefault");
        }
        if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
            problems.add("pod: automountServiceAccountToken is not false");
        }
    }

    /** An init container may run as root only to hand the data directory over (CHOWN, FOWNER). */
    private static void containerSecurity(List<String> problems, Container c, boolean init) {
        SecurityContext s = c.getSecurityContext();
        String n = c.getName();
        if (s == null) {
            problems.add(n + ": no securityContext");
            return;
        }
        if (!Boolean.FALSE.equals(s.getAllowPrivilegeEscalation())) {
            problems.add(n + ": allowPrivilegeEscalation is not false");
        }
        if (!Boolean.TRUE.equals(s.getReadOnlyRootFilesystem())) {
            problems.add(n + ": readOnlyRootFilesystem is not true");
        }
        if (Boolean.TRUE.equals(s.getPrivileged())) {
            problems.add(n + ": privileged");
        }
        var caps = s.getCapabilities();
        if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
            problems.add(n + ": capabilities do not drop ALL");
        }
        List<String> added = caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
        boolean root = Boolean.FALSE.equals(s.getRunAsNonRoot()) || Long.valueOf(0).equals(s.getRunAsUser());
        if (!init && (root || !added.isEmpty())) {
            problems.add(n + ": runs as root or adds capabilities " + added);
        }
        if (init && !INIT_ROOT_CAPABILITIES.containsAll(added)) {
            problems.add(n + ": adds capabilities beyond " + INIT_ROOT_CAPABILITIES + ": " + added);
        }
    }

    /** Embedded store: a hostPath (survives the pod). External store: anything will do. */
    private static void dataDir(List<String> problems, PodSpec pod, Container c) {
        Optional<String> dir = env(c, "OUTPOST_DATA_DIR");
        if (dir.isEmpty()) {
            problems.add(AGENT + ": OUTPOST_DATA_DIR not set");
            return;
        }
        Optional<Volume> v = mountedVolume(pod, c, dir.get());
        boolean external = c.getEnv().stream().anyMatch(e -> e.getName().equals("QUARKUS_DATASOURCE_REACTIVE_URL"));
        if (v.isEmpty()) {
            problems.add(AGENT + ": nothing mounted at " + dir.get());
        } else if (!external && (v.get().getHostPath() == null
                || !"DirectoryOrCreate".equals(v.get().getHostPath().getType()))) {
            problems.add(AGENT + ": data dir " + dir.get() + " is not a hostPath DirectoryOrCreate");
        }
    }

    static Optional<String> env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue)
                .filter(Objects::nonNull).findFirst();
    }

    static Optional<Volume> mountedVolume(PodSpec pod, Container c, String path) {
        return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).map(VolumeMount::getName)
                .findFirst().flatMap(n -> pod.getVolumes().stream().filter(v -> v.getName().equals(n)).findFirst());
    }

    private static long bytes(Quantity q) {
        return Quantity.getAmountInBytes(q).longValue();
    }
}
