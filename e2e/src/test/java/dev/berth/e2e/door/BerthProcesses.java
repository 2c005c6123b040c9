package dev.berth.e2e.door;

import static dev.berth.e2e.door.BerthInstance.DATA;
import static dev.berth.e2e.door.BerthInstance.RUN;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * berth's processes, from the pid files and not from a list of names: the services, Kafka, PostgreSQL's postmaster,
 * each container's conmon, and their descendants.
 */
final class BerthProcesses {
    private BerthProcesses() {
    }

    /** pid → owner: the services' pid files, Kafka's, PostgreSQL's postmaster and each container's conmon. */
    static Map<Long, String> roots() throws IOException {
        Map<Long, String> roots = new LinkedHashMap<>();
        Path pids = RUN.resolve("pids");
        if (Files.isDirectory(pids)) {
            try (Stream<Path> files = Files.list(pids)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".pid")).sorted()::iterator) {
                    addRoot(roots, f, f.getFileName().toString().replaceFirst("\\.pid$", ""));
                }
            }
        }
        addRoot(roots, RUN.resolve("kafka.pid"), "kafka");
        addRoot(roots, DATA.resolve("pg/postmaster.pid"), "postgres");
        Path containers = DATA.resolve("runtime/containers");
        if (Files.isDirectory(containers)) {
            try (Stream<Path> dirs = Files.list(containers)) {
                for (Path d : (Iterable<Path>) dirs.sorted()::iterator) {
                    String id = d.getFileName().toString();
                    addRoot(roots, d.resolve("conmon.pid"), "conmon " + id.substring(0, Math.min(12, id.length())));
                }
            }
        }
        return roots;
    }

    private static void addRoot(Map<Long, String> roots, Path pidFile, String owner) {
        try {
            String first = Files.readAllLines(pidFile).get(0).trim();
            long pid = Long.parseLong(first);
            if (Files.isDirectory(Path.of("/proc", first))) {
                roots.putIfAbsent(pid, owner);
            }
        } catch (IOException | RuntimeException missingOrStale) {
            // no such component here (external PostgreSQL or Kafka, no containers)
        }
    }

    /** The roots and all their descendants (by /proc/<pid>/stat's ppid): pid → the root it descends from. */
    static Map<Long, Long> withDescendants(Set<Long> roots) throws IOException {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs.filter(p -> p.getFileName().toString().matches("\\d+"))::iterator) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] rest = stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+");
                    children.computeIfAbsent(Long.parseLong(rest[1]), k -> new ArrayList<>())
                            .add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException | RuntimeException gone) {
                    // exited meanwhile
                }
            }
        }
        Map<Long, Long> all = new LinkedHashMap<>();
        roots.forEach(r -> all.put(r, r));
        Deque<Long> queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            long pid = queue.poll();
            for (long child : children.getOrDefault(pid, List.of())) {
                if (all.putIfAbsent(child, all.get(pid)) == null) {
                    queue.add(child);
                }
            }
        }
        return all;
    }
}
