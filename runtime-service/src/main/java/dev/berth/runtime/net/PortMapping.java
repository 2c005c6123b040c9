package dev.berth.runtime.net;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.ContainerSpec;
import dev.berth.runtime.spec.PortsSpec;
import java.util.ArrayList;
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
    public static List<PortMapping> from(ContainerSpec spec, String defaultHostIp) {
        List<PortMapping> out = new ArrayList<>();
        Set<String> bound = new LinkedHashSet<>();
        PortsSpec ports = spec.host().ports();
        for (Map.Entry<String, List<PortsSpec.Binding>> e : ports.bindings().entrySet()) {
            String[] port = parsePort(e.getKey());
            if (e.getValue().isEmpty()) {
                continue;
            }
            bound.add(port[0] + "/" + port[1]);
            for (PortsSpec.Binding b : e.getValue()) {
                out.add(new PortMapping(port[1], Integer.parseInt(port[0]),
                        b.hostIp().isEmpty() ? defaultHostIp : b.hostIp(), hostPort(b.hostPort())));
            }
        }
        if (ports.publishAll()) {
            for (String exposed : spec.exposedPorts()) {
                String[] port = parsePort(exposed);
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
