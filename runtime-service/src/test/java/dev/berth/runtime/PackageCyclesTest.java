package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The runtime's packages depend on each other in one direction only (imports and fully qualified names). */
class PackageCyclesTest {
    static final Path ROOT = Path.of("src/main/java/dev/berth/runtime");
    static final Pattern REF = Pattern.compile("dev\\.berth\\.runtime\\.(\\w+)\\.");

    static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = ROOT.relativize(f).getName(0).toString();
                Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REF.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        deps.add(m.group(1));
                    }
                }
            }
        }
        return graph;
    }

    /** A path from {@code to} back to {@code from}, if there is one. */
    static List<String> pathBack(Map<String, Set<String>> graph, String from, String to) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(to));
        parent.put(to, null);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            if (at.equals(from)) {
                List<String> path = new ArrayList<>();
                for (String p = at; p != null; p = parent.get(p)) {
                    path.add(0, p);
                }
                return path;
            }
            for (String next : graph.getOrDefault(at, Set.of())) {
                if (!parent.containsKey(next)) {
                    parent.put(next, at);
                    queue.add(next);
                }
            }
        }
        return List.of();
    }

    @Test
    void noPackageCycles() throws IOException {
        Map<String, Set<String>> graph = graph();
        assertTrue(graph.containsKey("lifecycle") && graph.containsKey("store"), graph.keySet().toString());
        List<String> cycles = new ArrayList<>();
        graph.forEach((pkg, deps) -> deps.forEach(dep -> {
            List<String> back = pathBack(graph, pkg, dep);
            if (!back.isEmpty()) {
                cycles.add(pkg + " -> " + String.join(" -> ", back));
            }
        }));
        assertEquals(List.of(), cycles);
    }

    @Test
    void theLifecycleIsAboveItsHelpers() throws IOException {
        Map<String, Set<String>> graph = graph();
        assertTrue(graph.get("lifecycle").containsAll(Set.of("service", "store", "domain")));
        assertEquals(Set.of("domain"), graph.get("store"), "store needs only the domain");
    }
}
