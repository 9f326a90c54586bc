package io.outpost.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/** The manifests under k8s/, read with the Kubernetes object model and held to the agent's needs. */
class K8sManifestsTest {

    private static final Path BASE = Manifests.ROOT.resolve("base");
    private static final Path EXTERNAL = Manifests.ROOT.resolve("overlays/external-postgres");
    private static final Path FLEET = Manifests.ROOT.resolve("overlays/fleet");

    @Test
    void everyManifestParsesWithoutUnknownFieldsAndIsListedInItsKustomization() {
        List<Path> files = Manifests.files();
        assertThat(files).hasSizeGreaterThan(8);
        for (Path f : files) {
            if (f.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            List<HasMetadata> objects = Manifests.read(f);
            assertThat(objects).as(f.toString()).isNotEmpty();
            objects.forEach(o -> assertThat(Manifests.unknownFields(o)).as(f.toString()).isEmpty());
            JsonNode k = Manifests.kustomization(f.getParent());
            Set<String> listed = new TreeSet<>();
            k.path("resources").forEach(r -> listed.add(r.asText()));
            k.path("patches").forEach(p -> listed.add(p.path("path").asText()));
            assertThat(listed).as("kustomization.yaml beside " + f).contains(f.getFileName().toString());
        }
    }

    @Test
    void baseDaemonSetMeetsTheRules() {
        assertThat(ManifestRules.check(daemonSet(base()))).isEmpty();
    }

    @Test
    void rulesReportARemovedProbeOrLimitAndAWeakenedContainer() {
        DaemonSet good = daemonSet(base());
        assertThat(problemsAfter(good, c -> c.setReadinessProbe(null))).containsExactly("readinessProbe: missing");
        assertThat(problemsAfter(good, c -> c.setStartupProbe(null))).containsExactly("startupProbe: missing");
        assertThat(problemsAfter(good, c -> c.getLivenessProbe().getHttpGet().setPath("/")))
                .containsExactly("livenessProbe: path /, expected /q/health/live");
        assertThat(problemsAfter(good, c -> c.getResources().getLimits().remove("memory")))
                .containsExactly("agent: resources.limits.memory missing");
        assertThat(problemsAfter(good, c -> c.getEnv().stream().filter(e -> e.getName().equals("JAVA_OPTS"))
                .forEach(e -> e.setValue(e.getValue().replaceAll("-Xmx\\w+", "-Xmx512m")))))
                .containsExactly("agent: memory limit leaves under 96 MiB beside -Xmx");
        assertThat(problemsAfter(good, c -> c.getSecurityContext().setReadOnlyRootFilesystem(false)))
                .containsExactly("agent: readOnlyRootFilesystem is not true");
        assertThat(problemsAfter(good, c -> c.getSecurityContext().setAllowPrivilegeEscalation(null)))
                .containsExactly("agent: allowPrivilegeEscalation is not false");
        assertThat(problemsAfter(good, c -> c.getSecurityContext().getCapabilities().setDrop(List.of())))
                .containsExactly("agent: capabilities do not drop ALL");

        DaemonSet noHostPath = Manifests.copy(good);
        noHostPath.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals("data"))
                .forEach(v -> {
                    v.setHostPath(null);
                    v.setEmptyDir(new EmptyDirVolumeSource());
                });
        assertThat(ManifestRules.check(noHostPath))
                .containsExactly("agent: data dir /var/lib/outpost is not a hostPath DirectoryOrCreate");
        DaemonSet rootPod = Manifests.copy(good);
        rootPod.getSpec().getTemplate().getSpec().getSecurityContext().setRunAsNonRoot(null);
        assertThat(ManifestRules.check(rootPod)).containsExactly("pod: runAsNonRoot is not true");
    }

    @Test
    void jvmFlagsAreTheSameForTheDeviceTheImageAndTheDaemonSet() throws IOException {
        String env = Files.readString(Path.of("deploy/systemd/outpost.env"));
        String docker = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        Matcher device = Pattern.compile("(?m)^JAVA_OPTS=\"(.*)\"$").matcher(env);
        assertThat(device.find()).isTrue();
        assertThat(docker).contains("JAVA_OPTS=\"" + device.group(1) + "\"");
        Container agent = agent(daemonSet(base()).getSpec().getTemplate().getSpec());
        assertThat(ManifestRules.env(agent, "JAVA_OPTS")).contains(device.group(1));
        assertThat(ManifestRules.env(agent, "MALLOC_ARENA_MAX")).contains("2");
        assertThat(env).contains("MALLOC_ARENA_MAX=2");
        assertThat(docker).contains("MALLOC_ARENA_MAX=2");
    }

    @Test
    void serviceIsNodeLocalAndReachesTheAgentsPort() {
        List<HasMetadata> all = base();
        Service svc = one(all, Service.class);
        PodSpec pod = daemonSet(all).getSpec().getTemplate().getSpec();
        assertThat(svc.getSpec().getInternalTrafficPolicy()).isEqualTo("Local");
        assertThat(daemonSet(all).getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(svc.getSpec().getSelector());
        IntOrString target = svc.getSpec().getPorts().get(0).getTargetPort();
        assertThat(agent(pod).getPorts()).anyMatch(p -> p.getName().equals(target.getStrVal()));
    }

    @Test
    void networkPolicySelectsTheAgentAndLetsClientsIn() {
        List<HasMetadata> all = base();
        NetworkPolicy np = one(all, NetworkPolicy.class);
        assertThat(daemonSet(all).getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(np.getSpec().getPodSelector().getMatchLabels());
        assertThat(np.getSpec().getPolicyTypes()).contains("Ingress", "Egress");
        assertThat(np.getSpec().getIngress()).flatExtracting(r -> r.getPorts())
                .anyMatch(p -> p.getPort().getIntVal() == 8080);
    }

    @Test
    void configurationAndSecretsAreWhereTheAgentLooks() throws IOException {
        List<HasMetadata> all = base();
        PodSpec pod = daemonSet(all).getSpec().getTemplate().getSpec();
        Container agent = agent(pod);
        String config = ManifestRules.env(agent, "QUARKUS_CONFIG_LOCATIONS").orElseThrow();
        var mount = agent.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(config)).findFirst()
                .orElseThrow();
        String cmName = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow().getConfigMap().getName();
        ConfigMap cm = one(all, ConfigMap.class);
        assertThat(cm.getMetadata().getName()).isEqualTo(cmName);
        Properties props = new Properties();
        props.load(new StringReader(cm.getData().get(mount.getSubPath())));
        Set<String> routes = props.stringPropertyNames().stream().filter(k -> k.startsWith("outpost.routes."))
                .map(k -> k.split("\\.")[2]).collect(Collectors.toSet());
        assertThat(routes).isNotEmpty().allSatisfy(r -> assertThat(props).containsKey("outpost.routes." + r + ".url"));

        Path token = Path.of(ManifestRules.env(agent, "OUTPOST_API_TOKEN_FILE").orElseThrow());
        var secretVolume = ManifestRules.mountedVolume(pod, agent, token.getParent().toString()).orElseThrow();
        Secret secret = one(all, Secret.class);
        assertThat(secretVolume.getSecret().getSecretName()).isEqualTo(secret.getMetadata().getName());
        assertThat(secret.getStringData()).containsKey(token.getFileName().toString());
    }

    /**
     * Issue 27: the base as shipped, with its empty Secret, must start. An empty token file stops the agent,
     * and the ConfigMap listens on 0.0.0.0, where no token stops it too (api.ExposureCheck); the Secret's
     * comment says the image's launcher then makes a token in the data volume. Both images are held to that.
     */
    @ParameterizedTest
    @ValueSource(strings = { "src/main/docker/Dockerfile.jvm", "src/main/docker/Dockerfile.native" })
    void theBaseAsShippedStartsWithItsEmptySecretOnAGeneratedToken(String dockerfile, @TempDir Path root)
            throws Exception {
        List<HasMetadata> all = base();
        PodSpec pod = daemonSet(all).getSpec().getTemplate().getSpec();
        Container agent = agent(pod);
        Secret secret = one(all, Secret.class);
        Path tokenFile = Path.of(ManifestRules.env(agent, "OUTPOST_API_TOKEN_FILE").orElseThrow());
        assertThat(secret.getStringData().get(tokenFile.getFileName().toString())).as("shipped empty").isEmpty();
        Properties props = new Properties();
        props.load(new StringReader(one(all, ConfigMap.class).getData().get("application.properties")));
        assertThat(props.getProperty("quarkus.http.host")).as("beyond loopback: a token is required").isEqualTo("0.0.0.0");
        String generate = ShippedStart.imageEnv(Files.readString(Path.of(dockerfile))).get("OUTPOST_API_TOKEN_GENERATE");
        assertThat(generate).as(dockerfile + " sets OUTPOST_API_TOKEN_GENERATE").isNotNull();
        assertThat(Files.readString(BASE.resolve("secret.yaml"))).as("the Secret's comment names the file")
                .contains(generate);

        ShippedStart.Handover h = ShippedStart.run(Path.of(dockerfile), pod, agent, secret, root);
        assertThat(h.exit()).as(h.stderr()).isZero();
        Path generated = ShippedStart.under(root, generate);
        assertThat(h.env().get("OUTPOST_API_TOKEN_FILE")).isEqualTo(generated.toString());
        assertThat(Files.readString(generated)).matches("[0-9a-f]{64}");
        assertThat(ShippedStart.permissions(generated)).isEqualTo("rw-------");
        assertThat(h.stderr()).contains("no API token set");
        if (dockerfile.endsWith("native")) {
            assertThat(h.args()).as("the executable gets the ENTRYPOINT's flags").isEqualTo("-Xmx96m");
        }

        // a token put in the Secret wins at the next start; the generated one is left unused
        secret.getStringData().put(tokenFile.getFileName().toString(), "site-token");
        ShippedStart.Handover set = ShippedStart.run(Path.of(dockerfile), pod, agent, secret, root);
        assertThat(set.env().get("OUTPOST_API_TOKEN_FILE")).isEqualTo(ShippedStart.under(root, tokenFile.toString())
                .toString());
    }

    @Test
    void kustomizeRendersTheBaseAndItMeetsTheRules() throws Exception {
        Optional<List<HasMetadata>> rendered = Manifests.kustomize(BASE);
        assumeTrue(rendered.isPresent(), "kubectl is not installed");
        assertThat(rendered.get()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace() == null
                || o.getMetadata().getNamespace().equals("outpost")).isTrue());
        assertThat(ManifestRules.check(daemonSet(rendered.get()))).isEmpty();
    }

    @Test
    void externalPostgresOverlayPointsTheAgentAtTheDatabase() throws Exception {
        Optional<List<HasMetadata>> rendered = Manifests.kustomize(EXTERNAL);
        assumeTrue(rendered.isPresent(), "kubectl is not installed");
        DaemonSet ds = daemonSet(rendered.get());
        PodSpec pod = ds.getSpec().getTemplate().getSpec();
        assertThat(ManifestRules.check(ds)).isEmpty();
        Container agent = agent(pod);
        // One database per node's agent: the URL names the node (defined before it, so that it expands).
        List<String> names = agent.getEnv().stream().map(e -> e.getName()).toList();
        assertThat(ManifestRules.env(agent, "QUARKUS_DATASOURCE_REACTIVE_URL"))
                .contains("$(OUTPOST_DATABASE_SERVER)/outpost_$(NODE_NAME)");
        assertThat(names.indexOf("NODE_NAME")).isNotNegative().isLessThan(names.indexOf("QUARKUS_DATASOURCE_REACTIVE_URL"));
        assertThat(names.indexOf("OUTPOST_DATABASE_SERVER")).isNotNegative()
                .isLessThan(names.indexOf("QUARKUS_DATASOURCE_REACTIVE_URL"));
        assertThat(agent.getEnv().stream().filter(e -> e.getName().equals("NODE_NAME")).findFirst().orElseThrow()
                .getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        var server = agent.getEnv().stream().filter(e -> e.getName().equals("OUTPOST_DATABASE_SERVER"))
                .findFirst().orElseThrow().getValueFrom().getSecretKeyRef();
        Secret db = rendered.get().stream().filter(o -> o instanceof Secret && o.getMetadata().getName()
                .equals(server.getName())).map(Secret.class::cast).findFirst().orElseThrow();
        assertThat(db.getStringData()).containsKeys("server", "username", "password");
        assertThat(db.getStringData().get("server")).startsWith("postgresql://").doesNotContain("/outpost");
        assertThat(pod.getInitContainers()).isEmpty();
        assertThat(pod.getVolumes()).noneMatch(v -> v.getHostPath() != null);
        assertThat(one(rendered.get(), NetworkPolicy.class).getSpec().getEgress()).flatExtracting(r -> r.getPorts())
                .anyMatch(p -> p.getPort().getIntVal() == 5432);
    }

    @Test
    void fleetOverlayRunsSeveralAgentsWithStableIdsOnOneDatabase() throws Exception {
        Optional<List<HasMetadata>> rendered = Manifests.kustomize(FLEET);
        assumeTrue(rendered.isPresent(), "kubectl is not installed");
        assertThat(rendered.get()).noneMatch(o -> o instanceof DaemonSet);
        StatefulSet agents = one(rendered.get(), StatefulSet.class);
        assertThat(agents.getSpec().getReplicas()).isGreaterThan(1);
        PodSpec pod = agents.getSpec().getTemplate().getSpec();
        Container agent = agent(pod);
        assertThat(ManifestRules.env(agent, "OUTPOST_FLEET_AGENT_ID")).contains("$(POD_NAME)");
        assertThat(agent.getEnv().stream().filter(e -> e.getName().equals("POD_NAME")).findFirst().orElseThrow()
                .getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        long stop = Duration.parse("PT" + ManifestRules.env(agent, "OUTPOST_DELIVERY_STOP_TIMEOUT").orElse("10s")
                .toUpperCase()).toSeconds();
        long httpDrain = 10; // quarkus.shutdown.timeout: in-flight accepts commit before the relay stops
        assertThat(pod.getTerminationGracePeriodSeconds()).as("room for the in-flight bound")
                .isGreaterThan(httpDrain + stop + 5);
        assertThat(agent.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(agent.getResources().getLimits()).containsKey("memory");
        assertThat(agent.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(pod.getVolumes()).noneMatch(v -> v.getHostPath() != null);
        var url = agent.getEnv().stream().filter(e -> e.getName().equals("QUARKUS_DATASOURCE_REACTIVE_URL"))
                .findFirst().orElseThrow().getValueFrom().getSecretKeyRef();
        assertThat(rendered.get()).anyMatch(o -> o instanceof Secret && o.getMetadata().getName().equals(url.getName()));

        // The model of policy/v1 is not on the test classpath: the budget is read as a generic resource.
        GenericKubernetesResource pdb = rendered.get().stream().filter(o -> o.getKind().equals("PodDisruptionBudget"))
                .map(GenericKubernetesResource.class::cast).findFirst().orElseThrow();
        Map<String, Object> labels = pdb.get("spec", "selector", "matchLabels");
        assertThat(agents.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(
                labels.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString())));
        assertThat((Object) pdb.get("spec", "maxUnavailable")).isEqualTo(1);
        assertThat(one(rendered.get(), Service.class).getSpec().getInternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(one(rendered.get(), NetworkPolicy.class).getSpec().getEgress()).flatExtracting(r -> r.getPorts())
                .anyMatch(p -> p.getPort().getIntVal() == 5432);
    }

    private static List<String> problemsAfter(DaemonSet good, Consumer<Container> change) {
        DaemonSet broken = Manifests.copy(good);
        change.accept(agent(broken.getSpec().getTemplate().getSpec()));
        return ManifestRules.check(broken);
    }

    private static List<HasMetadata> base() {
        List<HasMetadata> all = new ArrayList<>();
        Manifests.kustomization(BASE).path("resources").forEach(r -> all.addAll(Manifests.read(BASE.resolve(r.asText()))));
        return all;
    }

    private static DaemonSet daemonSet(List<HasMetadata> all) {
        return one(all, DaemonSet.class);
    }

    private static <T> T one(List<HasMetadata> all, Class<T> type) {
        List<T> found = all.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static Container agent(PodSpec pod) {
        return pod.getContainers().stream().filter(c -> c.getName().equals(ManifestRules.AGENT)).findFirst()
                .orElseThrow();
    }
}
