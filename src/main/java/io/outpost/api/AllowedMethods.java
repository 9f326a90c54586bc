package io.outpost.api;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The methods each path of the REST resources allows, for the {@code Allow} header of a 405: Quarkus REST
 * throws its 405 without one. Read once from the resources' own annotations, so it cannot drift from them.
 */
@RegisterForReflection(targets = { CacheResource.class, MessagesResource.class, NetworkResource.class,
        RoutesResource.class, StreamsResource.class, TransfersResource.class }, methods = true)
final class AllowedMethods {

    private static final Pattern PARAM = Pattern.compile("\\{\\s*\\w+\\s*(?::\\s*([^}]+))?}");
    private static final List<Entry> ENTRIES = read(CacheResource.class, MessagesResource.class,
            NetworkResource.class, RoutesResource.class, StreamsResource.class, TransfersResource.class);

    private record Entry(Pattern path, String method) {
    }

    private AllowedMethods() {
    }

    /** The methods {@code path} allows, HEAD and OPTIONS included where any does; empty when none is known. */
    static Set<String> of(String path) {
        Set<String> allowed = new TreeSet<>();
        for (Entry e : ENTRIES) {
            if (e.path().matcher(path).matches()) {
                allowed.add(e.method());
            }
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        if (!allowed.isEmpty()) {
            allowed.add("OPTIONS");
        }
        return allowed;
    }

    private static List<Entry> read(Class<?>... resources) {
        List<Entry> entries = new ArrayList<>();
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                for (var a : m.getAnnotations()) {
                    HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
                    if (verb != null) {
                        Path sub = m.getAnnotation(Path.class);
                        entries.add(new Entry(pattern(sub == null ? base : base + "/" + sub.value()), verb.value()));
                    }
                }
            }
        }
        return entries;
    }

    private static Pattern pattern(String template) {
        String path = template.replaceAll("/+", "/");
        StringBuilder regex = new StringBuilder();
        Matcher m = PARAM.matcher(path);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(path.substring(last, m.start())));
            regex.append(m.group(1) == null ? "[^/]+" : "(?:" + m.group(1).trim() + ")");
            last = m.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(path.substring(last))).append("/?").toString());
    }
}
