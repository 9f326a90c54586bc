package io.outpost.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which feature package of the agent uses which, read from the source as text: every {@code io.outpost.x}
 * named in a file of package {@code x'} (imports, static imports and names written out in the code alike),
 * so that an import added anywhere shows up as an edge.
 */
final class PackageGraph {

    private static final Pattern PACKAGE = Pattern.compile("^package io\\.outpost\\.([a-z]+)[.;]", Pattern.MULTILINE);
    private static final Pattern USE = Pattern.compile("\\bio\\.outpost\\.([a-z]+)\\.");

    /** Package to the packages it uses, and for each edge one file that makes it. */
    final Map<String, Map<String, Path>> edges = new TreeMap<>();

    static PackageGraph read(Path root) {
        PackageGraph graph = new PackageGraph();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(graph::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    private void add(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher own = PACKAGE.matcher(source);
        if (!own.find()) {
            return; // the root package (Main) may use every feature
        }
        String from = own.group(1);
        Map<String, Path> uses = edges.computeIfAbsent(from, k -> new TreeMap<>());
        Matcher use = USE.matcher(source);
        while (use.find()) {
            if (!use.group(1).equals(from)) {
                uses.putIfAbsent(use.group(1), file);
            }
        }
    }

    /** Edges not in {@code allowed}, one line each with the file that makes it. */
    List<String> outside(Map<String, Set<String>> allowed) {
        List<String> wrong = new ArrayList<>();
        edges.forEach((from, uses) -> uses.forEach((to, file) -> {
            if (!allowed.getOrDefault(from, Set.of()).contains(to)) {
                wrong.add(from + " -> " + to + " (" + file.getFileName() + ")");
            }
        }));
        return wrong;
    }

    /** A cycle among {@code graph}'s packages, as a path that ends where it began; empty if none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            List<String> found = visit(graph, start, new ArrayList<>(), done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(Map<String, Set<String>> graph, String node, List<String> path, Set<String> done) {
        int at = path.indexOf(node);
        if (at >= 0) {
            List<String> loop = new ArrayList<>(path.subList(at, path.size()));
            loop.add(node);
            return loop;
        }
        if (done.contains(node)) {
            return List.of();
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> found = visit(graph, next, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        done.add(node);
        return List.of();
    }

    /** The graph as it is in the code, edges only. */
    Map<String, Set<String>> asMap() {
        Map<String, Set<String>> map = new TreeMap<>();
        edges.forEach((from, uses) -> map.put(from, new TreeSet<>(uses.keySet())));
        return map;
    }
}
