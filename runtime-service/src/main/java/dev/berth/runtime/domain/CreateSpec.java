package dev.berth.runtime.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's rules for turning a ContainerCreateRequest plus the image's Config into the container's Config,
 * HostConfig, Path and Args (moby daemon/create.go, daemon/commit.go merge, container env).
 */
public final class CreateSpec {
    public static final String DEFAULT_PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public record Result(ObjectNode config, ObjectNode hostConfig, String path, List<String> args,
            String networkMode) {

        /** Config.Hostname as built. */
        public String hostname() {
            return config.get("Hostname").asText();
        }

        /** Config.Volumes' paths (the image's and the request's), in order. */
        public List<String> volumes() {
            List<String> out = new ArrayList<>();
            config.get("Volumes").fieldNames().forEachRemaining(out::add);
            return out;
        }
    }

    private CreateSpec() {
    }

    /** The network mode: bridge unless the client names one (whether a named network exists is checked later). */
    public static String networkMode(String mode) {
        if (mode.isEmpty() || mode.equals("default")) {
            return "bridge";
        }
        if (mode.equals("container:")) {
            throw BerthException.invalid("invalid network mode: container: needs a container");
        }
        return mode;
    }

    public static Result build(String id, String imageName, JsonNode request, JsonNode imageConfig) {
        ObjectNode req = request != null && request.isObject() ? (ObjectNode) request : F.objectNode();
        JsonNode img = imageConfig == null || imageConfig.isNull() ? F.objectNode() : imageConfig;
        ObjectNode hostConfig = req.path("HostConfig").isObject() ? ((ObjectNode) req.get("HostConfig")).deepCopy()
                : F.objectNode();
        String networkMode = networkMode(hostConfig.hasNonNull("NetworkMode") ? hostConfig.get("NetworkMode").asText()
                : "");

        List<String> entrypoint = strings(req.get("Entrypoint"));
        List<String> cmd = strings(req.get("Cmd"));
        if (entrypoint != null && entrypoint.size() == 1 && entrypoint.get(0).isEmpty()) {
            entrypoint = List.of(); // --entrypoint "": reset the image's
        }
        if (entrypoint == null || entrypoint.isEmpty()) {
            if (cmd == null || cmd.isEmpty()) {
                cmd = strings(img.get("Cmd"));
            }
            if (entrypoint == null) {
                entrypoint = strings(img.get("Entrypoint"));
            }
        }
        List<String> argv = new ArrayList<>();
        if (entrypoint != null) {
            argv.addAll(entrypoint);
        }
        if (cmd != null) {
            argv.addAll(cmd);
        }
        if (argv.isEmpty()) {
            throw BerthException.invalid("No command specified");
        }

        ObjectNode config = F.objectNode();
        String hostname = text(req, "Hostname", "");
        if (hostname.isEmpty()) {
            // dockerd (daemon/container.go): the host's name with --network host, else the short id
            hostname = networkMode.equals("host") ? dev.berth.runtime.node.HostInfo.hostname() : id.substring(0, 12);
        }
        config.put("Hostname", hostname);
        config.put("Domainname", text(req, "Domainname", ""));
        config.put("User", req.hasNonNull("User") && !req.get("User").asText().isEmpty()
                ? req.get("User").asText() : text(img, "User", ""));
        config.put("AttachStdin", req.path("AttachStdin").asBoolean(false));
        config.put("AttachStdout", req.path("AttachStdout").asBoolean(false));
        config.put("AttachStderr", req.path("AttachStderr").asBoolean(false));
        if (req.has("ExposedPorts") || img.has("ExposedPorts")) {
            ObjectNode ports = F.objectNode();
            mergeObject(ports, img.get("ExposedPorts"));
            mergeObject(ports, req.get("ExposedPorts"));
            config.set("ExposedPorts", ports);
        }
        config.put("Tty", req.path("Tty").asBoolean(false));
        config.put("OpenStdin", req.path("OpenStdin").asBoolean(false));
        config.put("StdinOnce", req.path("StdinOnce").asBoolean(false));
        config.set("Env", strings(configEnv(strings(req.get("Env")), strings(img.get("Env")))));
        config.set("Cmd", cmd == null ? F.nullNode() : strings(cmd));
        config.put("Image", imageName);
        ObjectNode volumes = F.objectNode();
        mergeObject(volumes, img.get("Volumes"));
        mergeObject(volumes, req.get("Volumes"));
        config.set("Volumes", volumes.isEmpty() ? F.nullNode() : volumes);
        config.put("WorkingDir", req.hasNonNull("WorkingDir") && !req.get("WorkingDir").asText().isEmpty()
                ? req.get("WorkingDir").asText() : text(img, "WorkingDir", ""));
        config.set("Entrypoint", entrypoint == null ? F.nullNode() : strings(entrypoint));
        config.set("OnBuild", F.nullNode());
        ObjectNode labels = F.objectNode();
        mergeObject(labels, img.get("Labels"));
        mergeObject(labels, req.get("Labels"));
        config.set("Labels", labels);
        String stopSignal = text(req, "StopSignal", "");
        if (stopSignal.isEmpty()) {
            stopSignal = text(img, "StopSignal", "");
        }
        if (!stopSignal.isEmpty()) {
            config.put("StopSignal", stopSignal);
        }
        if (req.hasNonNull("StopTimeout")) {
            config.put("StopTimeout", req.get("StopTimeout").asInt());
        }
        JsonNode healthcheck = dev.berth.runtime.health.HealthConfig.merge(req.get("Healthcheck"), img.get("Healthcheck"));
        if (healthcheck != null) {
            config.set("Healthcheck", healthcheck);
        }

        applyHostConfigDefaults(hostConfig, networkMode);
        return new Result(config, hostConfig, argv.get(0), List.copyOf(argv.subList(1, argv.size())), networkMode);
    }

    static void applyHostConfigDefaults(ObjectNode hc, String networkMode) {
        hc.put("NetworkMode", networkMode);
        dev.berth.runtime.isolation.ResourceLimits.normalize(hc);
        putIfAbsent(hc, "MemorySwap", F.numberNode(0));
        putIfAbsent(hc, "MemoryReservation", F.numberNode(0));
        putIfAbsent(hc, "CpuPeriod", F.numberNode(0));
        putIfAbsent(hc, "CpuQuota", F.numberNode(0));
        putIfAbsent(hc, "CpuRealtimePeriod", F.numberNode(0));
        putIfAbsent(hc, "CpuRealtimeRuntime", F.numberNode(0));
        putIfAbsent(hc, "CpusetCpus", F.textNode(""));
        putIfAbsent(hc, "CpusetMems", F.textNode(""));
        putIfAbsent(hc, "OomScoreAdj", F.numberNode(0));
        putIfAbsent(hc, "Ulimits", F.nullNode());
        putIfAbsent(hc, "SecurityOpt", F.nullNode());
        putIfAbsent(hc, "Devices", F.arrayNode());
        putIfAbsent(hc, "Init", F.nullNode());
        if (!hc.path("RestartPolicy").isObject()) {
            ObjectNode rp = F.objectNode();
            rp.put("Name", "no");
            rp.put("MaximumRetryCount", 0);
            hc.set("RestartPolicy", rp);
        }
        if (!hc.path("LogConfig").isObject() || hc.path("LogConfig").path("Type").asText("").isEmpty()) {
            ObjectNode lc = F.objectNode();
            // what dockerd reports by default: clients read logs for json-file (docker-py's containers.run does
            // only then); the file behind LogPath is conmon's k8s-file format (README, differences)
            lc.put("Type", "json-file");
            // --log-opt without --log-driver: the options stay
            JsonNode given = hc.path("LogConfig").path("Config");
            lc.set("Config", given.isObject() ? given.deepCopy() : F.objectNode());
            hc.set("LogConfig", lc);
        }
        putIfAbsent(hc, "AutoRemove", F.booleanNode(false));
        putIfAbsent(hc, "Privileged", F.booleanNode(false));
        putIfAbsent(hc, "ReadonlyRootfs", F.booleanNode(false));
        putIfAbsent(hc, "PublishAllPorts", F.booleanNode(false));
        putIfAbsent(hc, "Binds", F.nullNode());
        putIfAbsent(hc, "PortBindings", F.objectNode());
        putIfAbsent(hc, "VolumeDriver", F.textNode(""));
        putIfAbsent(hc, "VolumesFrom", F.nullNode());
        putIfAbsent(hc, "CapAdd", F.nullNode());
        putIfAbsent(hc, "CapDrop", F.nullNode());
        putIfAbsent(hc, "CgroupnsMode", F.textNode("host"));
        putIfAbsent(hc, "Dns", F.arrayNode());
        putIfAbsent(hc, "DnsOptions", F.arrayNode());
        putIfAbsent(hc, "DnsSearch", F.arrayNode());
        putIfAbsent(hc, "ExtraHosts", F.nullNode());
        putIfAbsent(hc, "IpcMode", F.textNode("private"));
        putIfAbsent(hc, "PidMode", F.textNode(""));
        if (hc.path("ShmSize").asLong(0) <= 0) {
            hc.put("ShmSize", 67108864);
        }
        putIfAbsent(hc, "Runtime", F.textNode("runc"));
        putIfAbsent(hc, "Isolation", F.textNode(""));
        putIfAbsent(hc, "Memory", F.numberNode(0));
        putIfAbsent(hc, "NanoCpus", F.numberNode(0));
        putIfAbsent(hc, "CpuShares", F.numberNode(0));
        putIfAbsent(hc, "PidsLimit", F.nullNode());
        putIfAbsent(hc, "ConsoleSize", F.arrayNode().add(0).add(0));
        putIfAbsent(hc, "MaskedPaths", strings(dev.berth.runtime.node.OciSpecWriter.MASKED_PATHS));
        putIfAbsent(hc, "ReadonlyPaths", strings(dev.berth.runtime.node.OciSpecWriter.READONLY_PATHS));
    }

    /** The process environment: PATH, HOSTNAME, TERM (tty), then the container's Env replacing same keys. */
    public static List<String> processEnv(JsonNode config) {
        return processEnv(config, List.of());
    }

    public static List<String> processEnv(JsonNode config, List<String> linkEnv) {
        return processEnv(dev.berth.runtime.spec.ContainerSpecParser.stored(config, null).process(), linkEnv);
    }

    /** As moby's CreateDaemonEnvironment: the legacy links' variables come after TERM, before Config.Env. */
    public static List<String> processEnv(dev.berth.runtime.spec.ProcessSpec process, List<String> linkEnv) {
        List<String> base = new ArrayList<>();
        base.add(DEFAULT_PATH_ENV);
        base.add("HOSTNAME=" + process.hostname());
        if (process.tty()) {
            base.add("TERM=xterm");
        }
        base.addAll(linkEnv);
        return mergeEnv(base, process.env());
    }

    /**
     * Config.Env as dockerd keeps it (moby daemon merge): the request's entries as given, a bare {@code "KEY"}
     * included (it unsets KEY in the process, {@link #processEnv}), then the image's entries whose key the request
     * does not name.
     */
    public static List<String> configEnv(List<String> requested, List<String> image) {
        List<String> env = new ArrayList<>(requested == null ? List.of() : requested);
        if (env.isEmpty()) {
            return image == null ? env : new ArrayList<>(image);
        }
        Set<String> named = new HashSet<>();
        env.forEach(e -> named.add(key(e)));
        if (image != null) {
            image.stream().filter(e -> !named.contains(key(e))).forEach(env::add);
        }
        return env;
    }

    /** moby ReplaceOrAppendEnvValues: same key replaces in place, new keys append; "KEY" alone removes KEY. */
    public static List<String> mergeEnv(List<String> defaults, List<String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        if (defaults != null) {
            for (String e : defaults) {
                env.put(key(e), e);
            }
        }
        if (overrides != null) {
            for (String e : overrides) {
                if (!e.contains("=")) {
                    env.remove(e);
                } else {
                    env.put(key(e), e);
                }
            }
        }
        return new ArrayList<>(env.values());
    }

    private static String key(String e) {
        int eq = e.indexOf('=');
        return eq < 0 ? e : e.substring(0, eq);
    }

    public static List<String> strings(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            out.add(n.asText());
        }
        return out;
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode array = F.arrayNode();
        if (values != null) {
            values.forEach(array::add);
        }
        return array;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : v.asText(fallback);
    }

    private static void mergeObject(ObjectNode into, JsonNode from) {
        if (from != null && from.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = from.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                into.set(e.getKey(), e.getValue());
            }
        }
    }

    private static void putIfAbsent(ObjectNode node, String field, JsonNode value) {
        if (!node.has(field)) {
            node.set(field, value);
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
