package dev.berth.runtime.mounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.runtime.isolation.TmpfsMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Adds a container's mounts to its OCI spec: after the default ones (a user mount on the same destination, e.g.
 * /etc/hosts or /dev/shm, replaces the default), ordered by path depth so that the more specific path is mounted
 * last and wins (moby's sort).
 */
final class OciMounts {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OciMounts() {
    }

    static void apply(Path configJson, List<MountPoint> mountPoints, Function<MountPoint, String> hostSource)
            throws IOException {
        if (mountPoints.isEmpty()) {
            return;
        }
        ObjectNode spec = (ObjectNode) JSON.readTree(Files.readString(configJson));
        List<Map<String, Object>> entries = entries(mountPoints, hostSource);
        Set<String> destinations = new java.util.HashSet<>();
        entries.forEach(e -> destinations.add((String) e.get("destination")));
        ArrayNode merged = JSON.createArrayNode();
        for (JsonNode existing : spec.path("mounts")) {
            if (!destinations.contains(existing.path("destination").asText())) {
                merged.add(existing);
            }
        }
        entries.forEach(e -> merged.add(JSON.valueToTree(e)));
        spec.set("mounts", merged);
        String rootPropagation = rootfsPropagation(mountPoints);
        if (rootPropagation != null && spec.path("linux").isObject()) {
            ((ObjectNode) spec.get("linux")).put("rootfsPropagation", rootPropagation);
        }
        Files.writeString(configJson, JSON.writeValueAsString(spec));
    }

    static List<Map<String, Object>> entries(List<MountPoint> mountPoints, Function<MountPoint, String> hostSource) {
        List<MountPoint> sorted = new ArrayList<>(mountPoints);
        sorted.sort(Comparator.comparingInt(m -> Destinations.depth(m.destination())));
        List<Map<String, Object>> out = new ArrayList<>();
        for (MountPoint m : sorted) {
            if (MountPoint.TMPFS.equals(m.type())) {
                out.add(TmpfsMounts.mount(m.destination(), m.tmpfsOptions(), !m.rw()));
                continue;
            }
            List<String> options = new ArrayList<>();
            options.add("rbind");
            String propagation = m.propagation() == null || m.propagation().isEmpty() ? "rprivate" : m.propagation();
            options.add(propagation);
            if (!m.rw()) {
                options.add("ro");
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("destination", m.destination());
            e.put("type", "bind");
            e.put("source", hostSource.apply(m));
            e.put("options", options);
            out.add(e);
        }
        return out;
    }

    /** moby: a shared mount needs a shared rootfs, a slave one at least a slave rootfs. */
    static String rootfsPropagation(List<MountPoint> mountPoints) {
        String result = null;
        for (MountPoint m : mountPoints) {
            String p = m.propagation() == null ? "" : m.propagation();
            if (p.equals("shared") || p.equals("rshared")) {
                return "rshared";
            }
            if (p.equals("slave") || p.equals("rslave")) {
                result = "rslave";
            }
        }
        return result;
    }
}
