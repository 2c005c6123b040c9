package dev.berth.runtime.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.node.oci.Seccomp.Arg;
import dev.berth.runtime.node.oci.Seccomp.Syscall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Converts a Docker-format seccomp profile (moby {@code profiles/seccomp/default.json}: archMap, includes/excludes
 * by caps, arches and minKernel) into the OCI {@code linux.seccomp} object for one container's capabilities.
 *
 * <p>The default profile is Docker's own ({@code seccomp/docker-default.json}, moby's
 * {@code profiles/seccomp/default.json}, Apache-2.0, see {@code seccomp/NOTICE.md}); {@code BERTH_SECCOMP_PROFILE}
 * names another file to use instead. {@code --security-opt seccomp=<profile>} converts the container's own.
 *
 * <p>A node leaves the i386 syscall table ({@code SCMP_ARCH_X86}) out of Docker's default unless
 * {@code BERTH_SECCOMP_32BIT=true}: runc compiles the filter for every architecture it lists at each container start
 * and each exec, and the i386 table is a third of that work (≈ 9 ms of a 45 ms {@code runc exec} here) for binaries an
 * amd64 image rarely holds. Such a binary's system calls then fail as any other call outside the profile. A profile
 * given by file (the node's or a container's) is taken as written.
 */
public final class Seccomp {
    private static final Logger LOG = Logger.getLogger(Seccomp.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The i386 syscall table, which Docker's default lists as a sub-architecture of x86_64. */
    static final String I386 = "SCMP_ARCH_X86";

    private final JsonNode profile;
    private final String kernel;
    private final boolean without32Bit;

    public Seccomp(JsonNode profile, String kernelRelease) {
        this(profile, kernelRelease, false);
    }

    private Seccomp(JsonNode profile, String kernelRelease, boolean without32Bit) {
        this.profile = profile;
        this.kernel = kernelRelease;
        this.without32Bit = without32Bit;
    }

    public static final String DEFAULT_RESOURCE = "seccomp/docker-default.json";

    /** Docker's default profile, shipped with the service, as Docker applies it. */
    public static Seccomp dockerDefault(String kernelRelease) {
        return dockerDefault(kernelRelease, true);
    }

    /** Docker's default profile; without its i386 table unless {@code with32Bit} (see the class comment). */
    public static Seccomp dockerDefault(String kernelRelease, boolean with32Bit) {
        try (var in = Seccomp.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the service");
            }
            return new Seccomp(JSON.readTree(in), kernelRelease, !with32Bit);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The same kernel, another profile (a container's {@code --security-opt seccomp=...}). */
    public Seccomp withProfile(JsonNode other) {
        return new Seccomp(other, kernel);
    }

    /** The node's profile: {@code path}'s as written, or Docker's default (with i386's table if {@code with32Bit}). */
    public static Seccomp fromFile(String path, String kernelRelease, boolean with32Bit) {
        if (path == null || path.isBlank()) {
            return dockerDefault(kernelRelease, with32Bit);
        }
        try {
            return new Seccomp(JSON.readTree(Files.readString(Path.of(path))), kernelRelease);
        } catch (IOException e) {
            LOG.warning("cannot read the seccomp profile " + path + " (" + e.getMessage()
                    + "): containers run without seccomp");
            return new Seccomp(null, kernelRelease);
        }
    }

    public boolean enabled() {
        return profile != null;
    }

    /** The OCI seccomp filter for a container with these capabilities, or null without a profile. */
    public dev.berth.runtime.node.oci.Seccomp profileFor(List<String> capabilities) {
        if (profile == null) {
            return null;
        }
        List<String> arches = new ArrayList<>();
        for (JsonNode m : profile.path("archMap")) {
            if ("SCMP_ARCH_X86_64".equals(m.path("architecture").asText())) {
                arches.add("SCMP_ARCH_X86_64");
                m.path("subArchitectures").forEach(s -> {
                    if (!(without32Bit && I386.equals(s.asText()))) {
                        arches.add(s.asText());
                    }
                });
            }
        }
        if (arches.isEmpty()) {
            profile.path("architectures").forEach(a -> arches.add(a.asText()));
        }
        List<Syscall> syscalls = new ArrayList<>();
        for (JsonNode rule : profile.path("syscalls")) {
            if (!applies(rule.path("includes"), rule.path("excludes"), capabilities)) {
                continue;
            }
            List<String> names = new ArrayList<>();
            if (rule.hasNonNull("name")) {
                names.add(rule.get("name").asText());
            }
            rule.path("names").forEach(n -> names.add(n.asText()));
            List<Arg> args = null;
            if (rule.path("args").isArray() && rule.path("args").size() > 0) {
                args = new ArrayList<>();
                for (JsonNode a : rule.get("args")) {
                    args.add(new Arg(a.hasNonNull("index") ? a.get("index").asInt() : null,
                            a.hasNonNull("value") ? a.get("value").asLong() : null,
                            a.hasNonNull("valueTwo") ? a.get("valueTwo").asLong() : null,
                            a.hasNonNull("op") ? a.get("op").asText() : null));
                }
            }
            syscalls.add(new Syscall(names, rule.path("action").asText(), args,
                    rule.has("errnoRet") ? rule.get("errnoRet").asInt() : null));
        }
        return new dev.berth.runtime.node.oci.Seccomp(profile.path("defaultAction").asText("SCMP_ACT_ERRNO"),
                profile.has("defaultErrnoRet") ? profile.get("defaultErrnoRet").asInt() : null, arches, syscalls);
    }

    boolean applies(JsonNode includes, JsonNode excludes, List<String> caps) {
        for (JsonNode c : includes.path("caps")) {
            if (!caps.contains(c.asText())) {
                return false;
            }
        }
        if (includes.path("arches").size() > 0 && !contains(includes.path("arches"), "amd64")) {
            return false;
        }
        if (includes.hasNonNull("minKernel") && compareKernel(kernel, includes.get("minKernel").asText()) < 0) {
            return false;
        }
        if (excludes.hasNonNull("minKernel") && compareKernel(kernel, excludes.get("minKernel").asText()) >= 0) {
            return false;
        }
        for (JsonNode c : excludes.path("caps")) {
            if (caps.contains(c.asText())) {
                return false;
            }
        }
        return !contains(excludes.path("arches"), "amd64");
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    static int compareKernel(String running, String wanted) {
        int[] a = numbers(running);
        int[] b = numbers(wanted);
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private static int[] numbers(String version) {
        int[] out = new int[3];
        String[] parts = (version == null ? "" : version).split("[^0-9]+");
        int j = 0;
        for (String p : parts) {
            if (!p.isEmpty() && j < 3) {
                out[j++] = Integer.parseInt(p.length() > 6 ? p.substring(0, 6) : p);
            }
        }
        return out;
    }
}
