package dev.berth.runtime.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an OCI runtime spec (config.json) with Docker's defaults: moby's 14 capabilities, masked and read-only
 * paths, default mounts, device cgroup, namespaces, rlimits capped at the host's hard limit.
 */
public final class OciSpecWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** moby caps.DefaultCapabilities. */
    public static final List<String> DEFAULT_CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    public static final List<String> MASKED_PATHS = List.of(
            "/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/sched_debug", "/proc/scsi", "/proc/timer_list", "/proc/timer_stats",
            "/sys/devices/virtual/powercap", "/sys/firmware");

    public static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    public static final long DEFAULT_NOFILE = 1048576;

    public record SpecInput(
            String id,
            String hostname,
            List<String> args,
            List<String> env,
            String cwd,
            UserResolver.User user,
            boolean terminal,
            Path rootfs,
            boolean readonlyRootfs,
            boolean hostNetwork,
            Path hostsFile,
            Path resolvConfFile,
            Path hostnameFile,
            long hostNofileHardLimit,
            List<String> extraMaskedPaths,
            Map<String, Object> seccomp) {
    }

    private OciSpecWriter() {
    }

    public static void write(Path configJson, SpecInput in) throws IOException {
        Files.writeString(configJson, JSON.writeValueAsString(spec(in)));
    }

    public static void write(Path configJson, Map<String, Object> spec) throws IOException {
        Files.writeString(configJson, JSON.writeValueAsString(spec));
    }

    public static Map<String, Object> spec(SpecInput in) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("ociVersion", "1.0.2-dev");

        long nofile = Math.min(DEFAULT_NOFILE, in.hostNofileHardLimit() > 0 ? in.hostNofileHardLimit() : 1024);
        Map<String, Object> process = ExecSpec.process(new ExecSpec.Input(in.args(), in.env(), in.cwd(), in.user(),
                in.terminal(), DEFAULT_CAPABILITIES, nofile, 0, 0));
        spec.put("process", process);

        spec.put("root", Map.of("path", in.rootfs().toString(), "readonly", in.readonlyRootfs()));
        spec.put("hostname", in.hostname());
        spec.put("mounts", mounts(in));

        Map<String, Object> linux = new LinkedHashMap<>();
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("devices", devices());
        linux.put("resources", resources);
        linux.put("cgroupsPath", "/berth/" + in.id());
        List<Map<String, Object>> namespaces = new ArrayList<>();
        for (String ns : List.of("pid", "ipc", "uts", "mount")) {
            namespaces.add(Map.of("type", ns));
        }
        if (!in.hostNetwork()) {
            namespaces.add(Map.of("type", "network"));
        }
        linux.put("namespaces", namespaces);
        List<String> masked = new ArrayList<>(MASKED_PATHS);
        if (in.extraMaskedPaths() != null) {
            masked.addAll(in.extraMaskedPaths());
        }
        linux.put("maskedPaths", masked);
        linux.put("readonlyPaths", READONLY_PATHS);
        if (in.seccomp() != null) {
            linux.put("seccomp", in.seccomp());
        }
        spec.put("linux", linux);
        return spec;
    }

    static List<Map<String, Object>> mounts(SpecInput in) {
        List<Map<String, Object>> mounts = new ArrayList<>();
        mounts.add(mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        mounts.add(mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        mounts.add(mount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        mounts.add(mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
        mounts.add(mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("ro", "nosuid", "noexec", "nodev")));
        mounts.add(mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        mounts.add(mount("/dev/shm", "tmpfs", "shm",
                List.of("nosuid", "noexec", "nodev", "mode=1777", "size=67108864")));
        if (in.resolvConfFile() != null) {
            mounts.add(bind("/etc/resolv.conf", in.resolvConfFile()));
        }
        if (in.hostnameFile() != null) {
            mounts.add(bind("/etc/hostname", in.hostnameFile()));
        }
        if (in.hostsFile() != null) {
            mounts.add(bind("/etc/hosts", in.hostsFile()));
        }
        return mounts;
    }

    private static Map<String, Object> mount(String destination, String type, String source, List<String> options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        m.put("options", options);
        return m;
    }

    private static Map<String, Object> bind(String destination, Path source) {
        return mount(destination, "bind", source.toString(), List.of("rbind", "rprivate"));
    }

    static List<Map<String, Object>> devices() {
        List<Map<String, Object>> devices = new ArrayList<>();
        devices.add(Map.of("allow", false, "access", "rwm"));
        for (int[] d : new int[][] {{1, 5}, {1, 3}, {1, 9}, {1, 8}, {5, 0}, {5, 1}}) {
            devices.add(device(true, "c", d[0], d[1], "rwm"));
        }
        devices.add(device(false, "c", 10, 229, "rwm"));
        return devices;
    }

    private static Map<String, Object> device(boolean allow, String type, Integer major, Integer minor, String access) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("allow", allow);
        d.put("type", type);
        if (major != null) {
            d.put("major", major);
        }
        if (minor != null) {
            d.put("minor", minor);
        }
        d.put("access", access);
        return d;
    }

    /** Every /sys/devices/system/cpu/cpuN/thermal_throttle that exists on this host (moby masks them too). */
    public static List<String> thermalThrottlePaths() {
        List<String> paths = new ArrayList<>();
        Path cpus = Path.of("/sys/devices/system/cpu");
        try (var stream = Files.newDirectoryStream(cpus, "cpu[0-9]*")) {
            for (Path cpu : stream) {
                Path tt = cpu.resolve("thermal_throttle");
                if (Files.isDirectory(tt)) {
                    paths.add(tt.toString());
                }
            }
        } catch (IOException e) {
            // none
        }
        paths.sort(null);
        return paths;
    }

    /** The host's hard RLIMIT_NOFILE, from /proc/self/limits. */
    public static long hostNofileHardLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return "unlimited".equals(f[1]) ? DEFAULT_NOFILE : Long.parseLong(f[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return 1024;
    }
}
