package dev.berth.runtime.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.node.ExecSpec;
import dev.berth.runtime.node.Seccomp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a container's HostConfig limits and isolation to the OCI spec that {@code OciSpecWriter} wrote with
 * Docker's defaults: capabilities, seccomp, no-new-privileges, rlimits, oom_score_adj, cgroup resources, devices,
 * sysctls, tmpfs, /dev/shm size, privileged (all devices, no masked paths, writable /sys) and {@code --init}.
 * {@link #check} holds the 400s, so a container that was created starts.
 */
public final class IsolationSpec {
    /** Where {@code --init}'s binary appears in the container, as in Docker. */
    public static final String INIT_PATH = "/sbin/docker-init";
    private static final List<Path> INIT_BINARIES = List.of(Path.of("/usr/bin/tini-static"),
            Path.of("/usr/bin/docker-init"), Path.of("/usr/libexec/podman/catatonit"), Path.of("/usr/bin/catatonit"));

    /** What the node allows: bounding set, hard rlimits, CPUs, default NOFILE. */
    public record NodeFacts(long boundingSet, Map<String, Long> hardLimits, int cpus, long defaultNofile) {
        public static NodeFacts current(long defaultNofile) {
            return new NodeFacts(ExecSpec.hostBoundingSet(), Ulimits.nodeHardLimits(),
                    Runtime.getRuntime().availableProcessors(), defaultNofile);
        }
    }

    private IsolationSpec() {
    }

    /** Docker's checks of HostConfig's limits and isolation (400s). */
    public static void check(JsonNode hc, NodeFacts facts) {
        ResourceLimits.check(hc, facts.cpus());
        Ulimits.check(hc.get("Ulimits"), facts.hardLimits());
        Capabilities.resolve(hc, facts.boundingSet());
        SecurityOptions.parse(hc.get("SecurityOpt"));
        Sysctls.check(hc);
        TmpfsMounts.fromHostConfig(hc.get("Tmpfs"));
        Devices.requested(hc.get("Devices"));
        if (hc.path("Init").asBoolean(false) && initBinary() == null) {
            throw BerthException.invalid("--init: no init binary on this node (install tini)");
        }
    }

    /** The capabilities the container's process gets. */
    public static List<String> capabilities(JsonNode hc, NodeFacts facts) {
        return Capabilities.resolve(hc, facts.boundingSet());
    }

    @SuppressWarnings("unchecked")
    public static void apply(Map<String, Object> spec, JsonNode hc, Seccomp seccomp, NodeFacts facts) {
        boolean privileged = hc.path("Privileged").asBoolean(false);
        SecurityOptions security = SecurityOptions.parse(hc.get("SecurityOpt"));
        List<String> caps = capabilities(hc, facts);

        Map<String, Object> process = (Map<String, Object>) spec.get("process");
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("bounding", caps);
        capabilities.put("effective", caps);
        capabilities.put("permitted", caps);
        process.put("capabilities", capabilities);
        process.put("noNewPrivileges", security.noNewPrivileges());
        process.put("rlimits", Ulimits.oci(hc.get("Ulimits"), facts.defaultNofile()));
        int oomScoreAdj = hc.path("OomScoreAdj").asInt(0);
        if (oomScoreAdj != 0) {
            process.put("oomScoreAdj", oomScoreAdj);
        }

        Map<String, Object> linux = (Map<String, Object>) spec.get("linux");
        if (privileged || security.seccompUnconfined() || seccomp == null) {
            linux.remove("seccomp");
        } else if (security.seccompProfile() != null) {
            linux.put("seccomp", seccomp.withProfile(security.seccompProfile()).profileFor(caps));
        } else {
            Map<String, Object> profile = seccomp.profileFor(caps);
            if (profile != null) {
                linux.put("seccomp", profile);
            } else {
                linux.remove("seccomp");
            }
        }
        if (privileged || security.systemPathsUnconfined()) {
            linux.put("maskedPaths", List.of());
            linux.put("readonlyPaths", List.of());
        }

        Map<String, Object> resources = (Map<String, Object>) linux.computeIfAbsent("resources",
                k -> new LinkedHashMap<>());
        resources.putAll(ResourceLimits.oci(hc));
        List<Map<String, Object>> rules = new ArrayList<>((List<Map<String, Object>>) resources
                .getOrDefault("devices", List.of()));
        List<Devices.Node> nodes = new ArrayList<>();
        if (privileged) {
            nodes.addAll(Devices.host());
            rules.clear();
            rules.add(Map.of("allow", true, "access", "rwm"));
        }
        for (Devices.Node n : Devices.requested(hc.get("Devices"))) {
            nodes.removeIf(x -> x.path().equals(n.path()));
            nodes.add(n);
            if (!privileged) {
                rules.add(n.rule());
            }
        }
        resources.put("devices", rules);
        if (!nodes.isEmpty()) {
            linux.put("devices", nodes.stream().map(Devices.Node::oci).toList());
        }
        Map<String, String> sysctls = Sysctls.oci(hc.get("Sysctls"));
        if (!sysctls.isEmpty()) {
            linux.put("sysctl", sysctls);
        }

        List<Map<String, Object>> mounts = new ArrayList<>((List<Map<String, Object>>) spec.get("mounts"));
        long shm = hc.path("ShmSize").asLong(0);
        for (int i = 0; i < mounts.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>(mounts.get(i));
            String destination = String.valueOf(m.get("destination"));
            List<String> options = new ArrayList<>((List<String>) m.get("options"));
            if (destination.equals("/dev/shm") && shm > 0) {
                options.removeIf(o -> o.startsWith("size="));
                options.add("size=" + shm);
            }
            if (privileged && (destination.equals("/sys") || destination.equals("/sys/fs/cgroup"))) {
                options.remove("ro");
                options.add("rw");
            }
            m.put("options", options);
            mounts.set(i, m);
        }
        for (Map<String, Object> tmpfs : TmpfsMounts.fromHostConfig(hc.get("Tmpfs"))) {
            mounts.removeIf(m -> tmpfs.get("destination").equals(m.get("destination")));
            mounts.add(tmpfs);
        }
        if (hc.path("Init").asBoolean(false)) {
            Path init = initBinary();
            if (init == null) {
                throw BerthException.invalid("--init: no init binary on this node (install tini)");
            }
            Map<String, Object> bind = new LinkedHashMap<>();
            bind.put("destination", INIT_PATH);
            bind.put("type", "bind");
            bind.put("source", init.toString());
            bind.put("options", List.of("bind", "ro"));
            mounts.add(bind);
            List<String> args = new ArrayList<>();
            args.add(INIT_PATH);
            args.add("--");
            args.addAll((List<String>) process.get("args"));
            process.put("args", args);
        }
        spec.put("mounts", mounts);
    }

    static Path initBinary() {
        for (Path p : INIT_BINARIES) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
