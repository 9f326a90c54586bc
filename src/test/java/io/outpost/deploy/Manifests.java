package io.outpost.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;

/**
 * Reads the manifests under {@code k8s/} with the fabric8 Kubernetes model, the Java twin of the API's
 * schema: each document becomes the typed object its {@code apiVersion} and {@code kind} name.
 */
final class Manifests {

    static final Path ROOT = Path.of("k8s");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private Manifests() {
    }

    /** Every document of one YAML file, typed. */
    static List<HasMetadata> read(Path file) {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            List<HasMetadata> objects = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(node -> {
                if (!node.isNull()) {
                    objects.add(typed(node, file));
                }
            });
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static HasMetadata typed(JsonNode node, Path file) {
        try {
            // The model's own deserializer picks the class from apiVersion and kind.
            KubernetesResource r = YAML.treeToValue(node, KubernetesResource.class);
            if (r instanceof HasMetadata object) {
                return object;
            }
            throw new IllegalArgumentException(file + ": not a Kubernetes object: " + node.path("kind"));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** A kustomization file as a plain tree (it is read by kustomize, not by the API server). */
    static JsonNode kustomization(Path dir) {
        try {
            return YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML file under {@code k8s/}. */
    static List<Path> files() {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fields the model does not know (a misspelt {@code readinesProbe} is kept aside by the model, not
     * rejected), as paths such as {@code DaemonSet.spec.template.spec.containers[0].readinesProbe}.
     */
    static List<String> unknownFields(Object object) {
        List<String> found = new ArrayList<>();
        walk(object, object.getClass().getSimpleName(), found);
        return found;
    }

    private static void walk(Object o, String path, List<String> found) {
        if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", found);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found));
            return;
        }
        if (o == null || !o.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        if (o instanceof GenericKubernetesResource) {
            return; // a kind without a model on the classpath (a PodDisruptionBudget): every field is "additional"
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            Object value = invoke(m, o);
            if (m.getName().equals("getAdditionalProperties")) {
                // $patch, $retainKeys, ...: directives of a strategic merge patch, meant for kustomize
                ((Map<?, ?>) value).keySet().stream().filter(k -> !k.toString().startsWith("$"))
                        .forEach(k -> found.add(path + "." + k));
            } else {
                String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                walk(value, path + "." + field, found);
            }
        }
    }

    private static Object invoke(Method m, Object o) {
        try {
            return m.invoke(o);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(m + ": " + e, e);
        }
    }

    /** {@code kubectl kustomize dir}, when kubectl is installed (it carries kustomize); empty otherwise. */
    static Optional<List<HasMetadata>> kustomize(Path dir) throws IOException, InterruptedException {
        Optional<Path> kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(d -> Path.of(d, "kubectl")).filter(Files::isExecutable).findFirst();
        if (kubectl.isEmpty()) {
            return Optional.empty();
        }
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process p = new ProcessBuilder(kubectl.get().toString(), "kustomize", dir.toString())
                    .redirectOutput(out.toFile()).redirectErrorStream(false).start();
            String err = new String(p.getErrorStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err);
            }
            return Optional.of(read(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A deep copy, for tests that break one thing. */
    @SuppressWarnings("unchecked")
    static <T> T copy(T object) {
        JsonMapper json = JsonMapper.builder().build();
        return (T) json.convertValue(json.valueToTree(object), object.getClass());
    }
}
