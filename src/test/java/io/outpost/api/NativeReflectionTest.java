package io.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import io.outpost.connectivity.NetworkEvents;
import io.outpost.transfer.TransferView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A native image only keeps what is reachable or registered, and Jackson reads records by reflection: every
 * type the REST resources return, and everything in it, must carry {@code @RegisterForReflection}, or the
 * native agent answers with empty objects. JSON written by hand (Vert.x JsonObject) needs nothing.
 */
class NativeReflectionTest {

    /** Serialised with an ObjectMapper or Json.encode rather than returned from a resource. */
    private static final List<Class<?>> WRITTEN_DIRECTLY = List.of(Problem.class, NetworkEvents.Event.class,
            TransferView.class, TransfersResource.DownloadRequest.class);

    @Test
    void everyJsonTypeOfTheApiIsRegisteredForReflection() throws Exception {
        Set<String> seen = new TreeSet<>();
        Set<String> missing = new TreeSet<>();
        for (Class<?> resource : resources()) {
            for (Method m : resource.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers())) {
                    visit(m.getGenericReturnType(), seen, missing);
                }
            }
        }
        WRITTEN_DIRECTLY.forEach(c -> visit(c, seen, missing));
        assertThat(seen).as("JSON types found").contains(MessageJson.Page.class.getName(),
                RoutesResource.RouteJson.class.getName());
        assertThat(missing).as("JSON types without @RegisterForReflection").isEmpty();
    }

    private static void visit(Type type, Set<String> seen, Set<String> missing) {
        if (type instanceof ParameterizedType p) {
            visit(p.getRawType(), seen, missing);
            Stream.of(p.getActualTypeArguments()).forEach(t -> visit(t, seen, missing));
            return;
        }
        if (!(type instanceof Class<?> c) || !c.getName().startsWith("io.outpost.") || c.isEnum()
                || c.isInterface() || !seen.add(c.getName())) {
            return;
        }
        if (!c.isAnnotationPresent(RegisterForReflection.class)) {
            missing.add(c.getName());
        }
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                visit(rc.getGenericType(), seen, missing);
            }
        }
    }

    private static List<Class<?>> resources() throws IOException {
        java.nio.file.Path classes = java.nio.file.Path.of("target/classes");
        try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve("io/outpost/api"))) {
            return files.map(f -> classes.relativize(f).toString()).filter(n -> n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .<Class<?>>map(NativeReflectionTest::load).filter(c -> c.isAnnotationPresent(Path.class)).toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, NativeReflectionTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
