package dev.berth.runtime.net;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One published port: hostPort 0 means "any free port" until it is bound. */
public record PortMapping(String proto, int containerPort, String hostIp, int hostPort) {

    public String key() {
        return containerPort + "/" + proto;
    }

    public PortMapping withHostPort(int port) {
        return new PortMapping(proto, containerPort, hostIp, port);
    }

    /** HostConfig.PortBindings, plus every exposed port with a random host port under PublishAllPorts (-P). */
    public static List<PortMapping> from(JsonNode config, JsonNode hostConfig, String defaultHostIp) {
        List<PortMapping> out = new ArrayList<>();
        Set<String> bound = new LinkedHashSet<>();
        JsonNode bindings = hostConfig.path("PortBindings");
        Iterator<Map.Entry<String, JsonNode>> it = bindings.isObject() ? bindings.fields() : java.util.Collections.emptyIterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String[] port = parsePort(e.getKey());
            JsonNode list = e.getValue();
            if (list == null || !list.isArray() || list.isEmpty()) {
                continue;
            }
            bound.add(port[0] + "/" + port[1]);
            for (JsonNode b : list) {
                String ip = b.path("HostIp").asText("");
                String hp = b.path("HostPort").asText("");
                out.add(new PortMapping(port[1], Integer.parseInt(port[0]), ip.isEmpty() ? defaultHostIp : ip,
                        hostPort(hp)));
            }
        }
        if (hostConfig.path("PublishAllPorts").asBoolean(false)) {
            Iterator<String> exposed = config.path("ExposedPorts").fieldNames();
            while (exposed.hasNext()) {
                String[] port = parsePort(exposed.next());
                if (bound.add(port[0] + "/" + port[1])) {
                    out.add(new PortMapping(port[1], Integer.parseInt(port[0]), defaultHostIp, 0));
                }
            }
        }
        return out;
    }

    static String[] parsePort(String spec) {
        String[] parts = spec.split("/", 2);
        String proto = parts.length > 1 ? parts[1].toLowerCase() : "tcp";
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw BerthException.invalid("invalid proto: " + proto);
        }
        if (proto.equals("sctp")) {
            throw BerthException.invalid("publishing sctp ports is not supported");
        }
        if (!parts[0].matches("\\d{1,5}") || Integer.parseInt(parts[0]) < 1 || Integer.parseInt(parts[0]) > 65535) {
            throw BerthException.invalid("invalid containerPort: " + parts[0]);
        }
        return new String[] {parts[0], proto};
    }

    static int hostPort(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        String first = text.contains("-") ? text.substring(0, text.indexOf('-')) : text;
        if (!first.matches("\\d{1,5}") || Integer.parseInt(first) > 65535) {
            throw BerthException.invalid("invalid hostPort: " + text);
        }
        return Integer.parseInt(first);
    }
}
