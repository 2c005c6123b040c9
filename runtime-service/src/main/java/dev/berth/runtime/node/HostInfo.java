package dev.berth.runtime.node;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Facts about this node for Docker's /info. */
public final class HostInfo {
    private HostInfo() {
    }

    public static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    public static String operatingSystem() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "Linux";
    }

    public static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return 0;
    }

    /** "2" on a pure cgroup v2 host, "1" otherwise (v1 or hybrid). */
    public static String cgroupVersion() {
        return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1";
    }

    public static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException ex) {
                return "localhost";
            }
        }
    }

    /** A stable node id kept under BERTH_DATA (Docker's ID looks like a UUID nowadays). */
    public static synchronized String nodeId(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(file.getParent());
            String id = UUID.randomUUID().toString();
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static Map<String, Object> facts(NodePaths paths) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("KernelVersion", kernelRelease());
        m.put("OperatingSystem", operatingSystem());
        m.put("OSType", "linux");
        m.put("Architecture", "x86_64");
        m.put("NCPU", Runtime.getRuntime().availableProcessors());
        m.put("MemTotal", memTotal());
        m.put("CgroupDriver", "cgroupfs");
        m.put("CgroupVersion", cgroupVersion());
        m.put("Runtimes", Map.of("runc", Map.of("path", Runc.BINARY)));
        m.put("DefaultRuntime", "runc");
        m.put("Name", hostname());
        m.put("ID", nodeId(paths.nodeIdFile()));
        m.put("DockerRootDir", paths.data().toString());
        return m;
    }
}
