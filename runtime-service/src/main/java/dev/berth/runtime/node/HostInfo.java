package dev.berth.runtime.node;

import dev.berth.common.contract.NodeInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Facts about this node for Docker's /info, read through {@link KernelFiles} (so a test scripts them). The static
 * {@link #hostname()} and {@link #kernelRelease()} are for code that is not a bean and read this host.
 */
public final class HostInfo {
    private final KernelFiles kernel;

    public HostInfo(KernelFiles kernel) {
        this.kernel = kernel;
    }

    public static String kernelRelease() {
        return new HostInfo(KernelFiles.HOST).release();
    }

    public static String hostname() {
        return new HostInfo(KernelFiles.HOST).name();
    }

    /** The node's name, as containers' rows record it: {@code BERTH_NODE_NAME}, else the host name. */
    public static String nodeName() {
        String name = System.getenv("BERTH_NODE_NAME");
        return name == null || name.isBlank() ? hostname() : name.strip();
    }

    public String release() {
        return text("/proc/sys/kernel/osrelease").orElse(System.getProperty("os.version"));
    }

    public String operatingSystem() {
        for (String line : lines("/etc/os-release")) {
            if (line.startsWith("PRETTY_NAME=")) {
                return line.substring("PRETTY_NAME=".length()).replace("\"", "");
            }
        }
        return "Linux";
    }

    public long memTotal() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                try {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** "2" on a pure cgroup v2 host, "1" otherwise (v1 or hybrid). */
    public String cgroupVersion() {
        return kernel.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1";
    }

    public String name() {
        return text("/proc/sys/kernel/hostname").orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException ex) {
                return "localhost";
            }
        });
    }

    /** A stable node id kept under BERTH_DATA (Docker's ID looks like a UUID nowadays): berth's file, not the kernel's. */
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

    /** Docker's /info part of this node: its container counts (from the caller) and the node's facts. */
    public NodeInfo info(NodePaths paths, int cpus, int containers, long running, long paused) {
        return new NodeInfo(containers, running, paused, containers - running - paused, release(), operatingSystem(),
                "linux", "x86_64", cpus, memTotal(), "cgroupfs", cgroupVersion(),
                Map.of("runc", Map.of("path", Runc.BINARY)), "runc", name(), nodeId(paths.nodeIdFile()),
                paths.data().toString(), null);
    }

    private Optional<String> text(String file) {
        try {
            return kernel.read(Path.of(file)).map(String::strip);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private List<String> lines(String file) {
        try {
            return kernel.lines(Path.of(file));
        } catch (IOException e) {
            return List.of();
        }
    }
}
