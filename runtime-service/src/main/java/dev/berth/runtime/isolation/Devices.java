package dev.berth.runtime.isolation;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.DeviceMapping;
import dev.berth.runtime.node.oci.Device;
import dev.berth.runtime.node.oci.DeviceRule;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Host device nodes in a container: {@code --device /dev/x[:/dev/y[:rwm]]} (HostConfig.Devices) and, with
 * {@code --privileged}, every device of the host's /dev (containerd's HostDevices walk: not pts, shm, mqueue,
 * console). Each becomes an OCI {@code linux.devices} node plus a device-cgroup allow rule.
 */
public final class Devices {
    private static final Set<String> SKIPPED_DIRS = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");

    /** One device node: in-container path, type c/b, numbers, mode bits, owner, cgroup access. */
    public record Node(String path, String type, long major, long minor, int fileMode, int uid, int gid,
            String access) {
        public Device oci() {
            return new Device(path, type, major, minor, fileMode, uid, gid);
        }

        public DeviceRule rule() {
            return new DeviceRule(true, type, major, minor, access);
        }
    }

    private Devices() {
    }

    /** HostConfig.Devices; 400 for a missing host path or a bad permission string. */
    public static List<Node> requested(List<DeviceMapping> devices) {
        List<Node> out = new ArrayList<>();
        for (DeviceMapping d : devices) {
            String host = d.pathOnHost();
            String inContainer = d.pathInContainer();
            String access = d.cgroupPermissions();
            if (access.isEmpty()) {
                access = "rwm";
            }
            if (!access.matches("[rwm]{1,3}")) {
                throw BerthException.invalid("invalid device mode: " + access);
            }
            if (inContainer.isEmpty()) {
                inContainer = host;
            }
            Path p = Path.of(host);
            if (host.isEmpty() || !Files.exists(p)) {
                throw BerthException.invalid("error gathering device information while adding custom device \""
                        + host + "\": no such file or directory");
            }
            Node n = node(p, inContainer, access);
            if (n == null) {
                throw BerthException.invalid("error gathering device information while adding custom device \""
                        + host + "\": not a device node");
            }
            out.add(n);
        }
        return out;
    }

    /** Every device node of the host's /dev (for --privileged). */
    public static List<Node> host() {
        List<Node> out = new ArrayList<>();
        Path dev = Path.of("/dev");
        try {
            Files.walkFileTree(dev, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(dev) && SKIPPED_DIRS.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isOther() && !file.getFileName().toString().equals("console")) {
                        Node n = node(file, file.toString(), "rwm");
                        if (n != null) {
                            out.add(n);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // what we have
        }
        return out;
    }

    static Node node(Path hostPath, String inContainer, String access) {
        try {
            int mode = (Integer) Files.getAttribute(hostPath, "unix:mode");
            int kind = mode & 0170000;
            String type = kind == 0020000 ? "c" : kind == 0060000 ? "b" : null;
            if (type == null) {
                return null;
            }
            long rdev = (Long) Files.getAttribute(hostPath, "unix:rdev");
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
            int uid = (Integer) Files.getAttribute(hostPath, "unix:uid");
            int gid = (Integer) Files.getAttribute(hostPath, "unix:gid");
            return new Node(inContainer, type, major, minor, mode & 07777, uid, gid, access);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

}
