package dev.berth.runtime.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.runtime.node.oci.DeviceRule;
import dev.berth.runtime.node.oci.Isolation;
import dev.berth.runtime.node.oci.Linux;
import dev.berth.runtime.node.oci.Mount;
import dev.berth.runtime.node.oci.Namespace;
import dev.berth.runtime.node.oci.OciSpec;
import dev.berth.runtime.node.oci.Process;
import dev.berth.runtime.node.oci.Root;
import dev.berth.runtime.node.oci.UserMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Assembles a container's OCI runtime spec (config.json) from typed parts and writes it once: Docker's defaults
 * (moby's 14 capabilities, masked and read-only paths, default mounts, device cgroup, namespaces), the container's
 * {@link Isolation} (capabilities, rlimits, seccomp, resources, devices, sysctls, tmpfs, init) and its
 * {@link UserMounts}. A pure function of its inputs: the host's facts come in as values.
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

    /** The device cgroup: deny all, then null, zero, full, random, urandom, tty, console; not tun. */
    public static final List<DeviceRule> DEFAULT_DEVICE_RULES = List.of(DeviceRule.all(false),
            DeviceRule.character(true, 1, 5), DeviceRule.character(true, 1, 3), DeviceRule.character(true, 1, 9),
            DeviceRule.character(true, 1, 8), DeviceRule.character(true, 5, 0), DeviceRule.character(true, 5, 1),
            DeviceRule.character(false, 10, 229));

    public static final long DEFAULT_NOFILE = 1048576;

    /**
     * The container's own facts: its process, rootfs, hostname and domain name, its network namespace (a path to
     * join, none of its own with the host's network) and its /etc files; {@code extraMaskedPaths} the host's
     * thermal_throttle directories.
     */
    public record SpecInput(
            String id,
            String hostname,
            String domainname,
            List<String> args,
            List<String> env,
            String cwd,
            UserResolver.User user,
            boolean terminal,
            Path rootfs,
            boolean readonlyRootfs,
            boolean hostNetwork,
            String netnsPath,
            Path hostsFile,
            Path resolvConfFile,
            Path hostnameFile,
            List<String> extraMaskedPaths,
            java.util.Set<String> hostNamespaces) {
    }

    private OciSpecWriter() {
    }

    /** The host's hard RLIMIT_NOFILE (for callers without a {@link KernelFiles} at hand). */
    public static long hostNofileHardLimit() {
        return NodeSpecFacts.nofileHardLimit(KernelFiles.HOST);
    }

    public static void write(Path configJson, OciSpec spec) throws IOException {
        Files.writeString(configJson, JSON.writeValueAsString(spec));
    }

    public static OciSpec spec(SpecInput in, Isolation iso, UserMounts userMounts) {
        List<Namespace> namespaces = namespaces(in);
        boolean ownUts = namespaces.stream().anyMatch(ns -> ns.type().equals("uts") && ns.path() == null);
        String domainname = in.domainname() == null || in.domainname().isEmpty() || !ownUts ? null : in.domainname();
        Map<String, String> sysctl = new LinkedHashMap<>(iso.sysctl());
        if (domainname != null) {
            // this runc (1.1) reads the spec's domainname but does not apply it: also the UTS sysctl (--sysctl wins)
            sysctl.putIfAbsent("kernel.domainname", domainname);
        }
        Linux linux = new Linux(iso.resources(), "/berth/" + in.id(), namespaces,
                iso.unmaskedSystemPaths() ? List.of() : maskedPaths(in.extraMaskedPaths()),
                iso.unmaskedSystemPaths() ? List.of() : READONLY_PATHS, iso.seccomp(),
                iso.devices().isEmpty() ? null : iso.devices(), sysctl.isEmpty() ? null : sysctl,
                userMounts.rootfsPropagation());
        return new OciSpec(OciSpec.VERSION, process(in, iso), new Root(in.rootfs().toString(), in.readonlyRootfs()),
                ownUts ? in.hostname() : null, domainname, mounts(in, iso, userMounts), linux); // runc sets no
                // hostname without a UTS namespace of the container's own (--uts host: the host's name)
    }

    static Process process(SpecInput in, Isolation iso) {
        List<String> args = in.args();
        if (iso.initBinary() != null) {
            args = new ArrayList<>(List.of(Isolation.INIT_PATH, "--"));
            args.addAll(in.args());
        }
        UserResolver.User u = in.user();
        return new Process(in.terminal(), null, new Process.User(u.uid(), u.gid(), u.additionalGids()), args,
                in.env(), in.cwd() == null || in.cwd().isEmpty() ? "/" : in.cwd(),
                Process.Capabilities.of(iso.capabilities()), iso.rlimits(), iso.noNewPrivileges(),
                iso.oomScoreAdj());
    }

    static List<Namespace> namespaces(SpecInput in) {
        List<Namespace> namespaces = new ArrayList<>();
        for (String ns : List.of("pid", "ipc", "uts", "mount")) {
            if (in.hostNamespaces() == null || !in.hostNamespaces().contains(ns)) {
                namespaces.add(Namespace.of(ns)); // --pid/--ipc/--uts host: the host's, no namespace of its own
            }
        }
        if (in.netnsPath() != null) {
            namespaces.add(new Namespace("network", in.netnsPath()));
        } else if (!in.hostNetwork()) {
            namespaces.add(Namespace.of("network"));
        }
        return namespaces;
    }

    private static List<String> maskedPaths(List<String> extra) {
        List<String> masked = new ArrayList<>(MASKED_PATHS);
        if (extra != null) {
            masked.addAll(extra);
        }
        return masked;
    }

    /**
     * Docker's default mounts (/dev/shm sized, /sys writable when privileged), the /etc files, then HostConfig's
     * tmpfs, the init binary and the container's own mounts, each replacing a mount on the same destination.
     */
    static List<Mount> mounts(SpecInput in, Isolation iso, UserMounts userMounts) {
        List<Mount> mounts = new ArrayList<>();
        for (Mount m : defaultMounts(in)) {
            List<String> options = new ArrayList<>(m.options());
            if (m.destination().equals("/dev/shm") && iso.shmSize() > 0) {
                options.removeIf(o -> o.startsWith("size="));
                options.add("size=" + iso.shmSize());
            }
            if (iso.privileged() && (m.destination().equals("/sys") || m.destination().equals("/sys/fs/cgroup"))) {
                options.remove("ro");
                options.add("rw");
            }
            mounts.add(m.withOptions(options));
        }
        for (Mount tmpfs : iso.tmpfs()) {
            mounts.removeIf(m -> m.destination().equals(tmpfs.destination()));
            mounts.add(tmpfs);
        }
        if (iso.initBinary() != null) {
            mounts.add(new Mount(Isolation.INIT_PATH, "bind", iso.initBinary(), List.of("bind", "ro")));
        }
        Set<String> own = userMounts.mounts().stream().map(Mount::destination).collect(Collectors.toSet());
        mounts.removeIf(m -> own.contains(m.destination()));
        mounts.addAll(userMounts.mounts());
        return mounts;
    }

    static List<Mount> defaultMounts(SpecInput in) {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(new Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        mounts.add(new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        mounts.add(new Mount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        mounts.add(new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
        mounts.add(new Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("ro", "nosuid", "noexec", "nodev")));
        mounts.add(new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        mounts.add(new Mount("/dev/shm", "tmpfs", "shm",
                List.of("nosuid", "noexec", "nodev", "mode=1777", "size=67108864")));
        if (in.resolvConfFile() != null) {
            mounts.add(Mount.bind("/etc/resolv.conf", in.resolvConfFile().toString()));
        }
        if (in.hostnameFile() != null) {
            mounts.add(Mount.bind("/etc/hostname", in.hostnameFile().toString()));
        }
        if (in.hostsFile() != null) {
            mounts.add(Mount.bind("/etc/hosts", in.hostsFile().toString()));
        }
        return mounts;
    }
}
