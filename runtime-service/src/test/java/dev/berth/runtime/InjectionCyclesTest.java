package dev.berth.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No bean of the runtime injects one that injects it back, directly or through others: the lifecycle verbs call
 * down, and whoever reacts to them (health checks, OOM and restart watchers, exec bookkeeping) observes their
 * {@code LifecycleEvent}s instead of being called and calling back (issue 15, item 4).
 */
class InjectionCyclesTest {

    /** Bean class (simple name) → the runtime's bean classes it injects (fields, constructors, {@code Instance<T>}). */
    static Map<String, Set<String>> graph() throws IOException, ClassNotFoundException {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Class<?> c : runtimeClasses()) {
            Set<String> deps = new TreeSet<>();
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Inject.class)) {
                    addRuntimeType(f.getGenericType(), deps);
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (k.isAnnotationPresent(Inject.class)) {
                    for (Type t : k.getGenericParameterTypes()) {
                        addRuntimeType(t, deps);
                    }
                }
            }
            deps.remove(c.getName());
            graph.put(c.getName(), deps);
        }
        return graph;
    }

    static List<Class<?>> runtimeClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(PackageCyclesTest.ROOT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = PackageCyclesTest.ROOT.relativize(f).toString();
                if (rel.endsWith("package-info.java")) {
                    continue;
                }
                String name = "dev.berth.runtime." + rel.substring(0, rel.length() - 5).replace('/', '.');
                classes.add(Class.forName(name, false, InjectionCyclesTest.class.getClassLoader()));
            }
        }
        return classes;
    }

    private static void addRuntimeType(Type t, Set<String> into) {
        if (t instanceof ParameterizedType p) {
            addRuntimeType(p.getRawType(), into);
            for (Type arg : p.getActualTypeArguments()) {
                addRuntimeType(arg, into);
            }
        } else if (t instanceof Class<?> c && c.getName().startsWith("dev.berth.runtime.")) {
            into.add(c.getName());
        }
    }

    @Test
    void noBeanInjectsOneThatInjectsItBack() throws Exception {
        Map<String, Set<String>> graph = graph();
        assertTrue(graph.get("dev.berth.runtime.lifecycle.StartContainer").contains(
                "dev.berth.runtime.lifecycle.RecordExit"), "the graph sees injected fields");
        List<String> cycles = new ArrayList<>();
        graph.forEach((bean, deps) -> deps.forEach(dep -> {
            List<String> back = PackageCyclesTest.pathBack(graph, bean, dep);
            if (!back.isEmpty()) {
                cycles.add(bean + " -> " + String.join(" -> ", back));
            }
        }));
        assertEquals(List.of(), cycles);
    }

    @Test
    void findsACycle() {
        Map<String, Set<String>> graph = Map.of("Start", Set.of("Scheduler"), "Scheduler", Set.of("Start"));
        assertEquals(List.of("Scheduler", "Start"), PackageCyclesTest.pathBack(graph, "Start", "Scheduler"));
    }
}
