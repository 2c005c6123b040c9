package dev.berth.runtime.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import dev.berth.runtime.node.oci.Process;
import java.util.List;

/**
 * The OCI process section, as moby builds it: an exec's process.json, and the container's own in config.json.
 * Args, env, user, cwd and terminal; Docker's 14 capabilities, or every capability the node's bounding set has
 * when privileged.
 */
public final class ExecSpec {
    /** Linux capability names by number (capability.h). */
    static final List<String> ALL_CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    public record Input(List<String> args, List<String> env, String cwd, UserResolver.User user, boolean terminal,
            List<String> capabilities, long nofile, int consoleHeight, int consoleWidth, boolean noNewPrivileges) {
    }

    private ExecSpec() {
    }

    /** An exec's process.json (the console size only with a terminal that has one). */
    public static Process process(Input in) {
        Process.ConsoleSize console = in.terminal() && in.consoleHeight() > 0 && in.consoleWidth() > 0
                ? new Process.ConsoleSize(in.consoleHeight(), in.consoleWidth()) : null;
        UserResolver.User u = in.user();
        return new Process(in.terminal(), console, new Process.User(u.uid(), u.gid(), u.additionalGids()), in.args(),
                in.env(), in.cwd() == null || in.cwd().isEmpty() ? "/" : in.cwd(),
                Process.Capabilities.of(in.capabilities()),
                List.of(new Process.Rlimit("RLIMIT_NOFILE", in.nofile(), in.nofile())), in.noNewPrivileges(), null);
    }

    /** Docker's default capabilities, or with privileged all those of the bounding set {@code capBnd}. */
    public static List<String> capabilities(boolean privileged, long capBnd) {
        if (!privileged) {
            return OciSpecWriter.DEFAULT_CAPABILITIES;
        }
        List<String> caps = new ArrayList<>();
        for (int i = 0; i < ALL_CAPABILITIES.size(); i++) {
            if ((capBnd & (1L << i)) != 0) {
                caps.add(ALL_CAPABILITIES.get(i));
            }
        }
        return caps;
    }

    public static boolean knownCapability(String name) {
        return ALL_CAPABILITIES.contains(name);
    }

    /** CapBnd of this process (the node's bounding set), from this host's /proc/self/status. */
    public static long hostBoundingSet() {
        return boundingSet(KernelFiles.HOST);
    }

    /** CapBnd of this process, from /proc/self/status as {@code kernel} reads it; 0 when unknown. */
    public static long boundingSet(KernelFiles kernel) {
        try {
            return parseCapBnd(kernel.lines(Path.of("/proc/self/status")));
        } catch (IOException e) {
            return 0;
        }
    }

    static long parseCapBnd(List<String> status) {
        for (String line : status) {
            if (line.startsWith("CapBnd:")) {
                return Long.parseUnsignedLong(line.substring("CapBnd:".length()).strip(), 16);
            }
        }
        return 0;
    }
}
