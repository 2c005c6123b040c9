package dev.berth.e2e.door;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The listeners of berth's processes, found from /proc and not from a list of ports: each process's socket file
 * descriptors, looked up in the TCP and unix tables of its network namespace.
 */
public final class Listeners {
    private Listeners() {
    }

    /** Every listening TCP socket and unix socket with a path (or abstract name) of berth's processes. */
    public static List<Listener> discover() throws IOException {
        Map<Long, String> roots = BerthProcesses.roots();
        Map<Long, Long> rootOf = BerthProcesses.withDescendants(roots.keySet());
        String hostNetns = link(Path.of("/proc/self/ns/net"));
        Map<String, Map<Long, String[]>> tcpByNetns = new HashMap<>();
        Map<String, Map<Long, String[]>> unixByNetns = new HashMap<>();
        Map<String, Listener> found = new LinkedHashMap<>();
        for (Map.Entry<Long, Long> e : rootOf.entrySet()) {
            long pid = e.getKey();
            String owner = roots.get(e.getValue());
            Path proc = Path.of("/proc", String.valueOf(pid));
            String netns = link(proc.resolve("ns/net"));
            String mntns = link(proc.resolve("ns/mnt"));
            if (netns == null || mntns == null) {
                continue; // gone
            }
            Set<Long> inodes = socketInodes(proc);
            if (inodes.isEmpty()) {
                continue;
            }
            // a process in a mount namespace other than its berth ancestor's is a container's (runc made it): the
            // user's workload, whose listeners are the user's business, not doors of berth
            String notProbed = !mntns.equals(link(Path.of("/proc", String.valueOf(e.getValue()), "ns/mnt")))
                    ? "a container's process" : !netns.equals(hostNetns) ? "another network namespace" : null;
            Map<Long, String[]> tcp = tcpByNetns.computeIfAbsent(netns,
                    k -> ProcNetTables.tcpListeners(proc.resolve("net")));
            Map<Long, String[]> unix = unixByNetns.computeIfAbsent(netns,
                    k -> ProcNetTables.unixListeners(proc.resolve("net")));
            for (long inode : inodes) {
                String key = netns + "/" + inode;
                if (found.containsKey(key)) {
                    continue; // the same socket shared by a child: the ancestor named it first
                }
                String[] t = tcp.get(inode);
                if (t != null) {
                    found.put(key, new Listener(owner, pid, "tcp", t[0], "tcp:" + t[1] + ":" + t[2],
                            Integer.parseInt(t[2]), "stream", notProbed));
                }
                String[] u = unix.get(inode);
                if (u != null) {
                    String path = unixPath(proc, u[0]);
                    Matcher pg = Pattern.compile("/\\.s\\.PGSQL\\.(\\d+)$").matcher(u[0]);
                    found.put(key, new Listener(owner, pid, "unix", path == null ? u[0] : path, "unix:" + path,
                            pg.find() ? Integer.parseInt(pg.group(1)) : -1, u[1],
                            notProbed == null && path == null ? Listener.UNRESOLVED : notProbed));
                }
            }
        }
        List<Listener> list = new ArrayList<>(found.values());
        list.sort(Comparator.comparing(Listener::owner).thenComparing(Listener::proto).thenComparing(Listener::port)
                .thenComparing(Listener::bound));
        return list;
    }

    /**
     * Where a unix socket is. conmon binds its attach socket as {@code /proc/self/fd/<dir fd>/attach} (a long path
     * made short) and closes the directory afterwards; the directory is {@code <--socket-dir-path>/<-u uuid>}.
     * Null when a path of that kind cannot be resolved.
     */
    private static String unixPath(Path proc, String listed) {
        Matcher viaFd = Pattern.compile("^/proc/self/fd/\\d+/(.+)$").matcher(listed);
        if (!viaFd.matches()) {
            return listed;
        }
        try {
            List<String> args = List.of(Files.readString(proc.resolve("cmdline")).split("\0"));
            int dir = args.indexOf("--socket-dir-path");
            int uuid = args.indexOf("-u");
            if (dir >= 0 && uuid >= 0 && dir + 1 < args.size() && uuid + 1 < args.size()) {
                Path socket = Path.of(args.get(dir + 1), args.get(uuid + 1), viaFd.group(1));
                return Files.exists(socket) ? socket.toString() : null;
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not conmon
        }
        return null;
    }

    private static Set<Long> socketInodes(Path proc) {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target = link(fd);
                if (target != null && target.startsWith("socket:[")) {
                    inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                }
            }
        } catch (IOException | UncheckedIOException gone) {
            // exited meanwhile
        }
        return inodes;
    }

    private static String link(Path path) {
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            return null;
        }
    }
}
