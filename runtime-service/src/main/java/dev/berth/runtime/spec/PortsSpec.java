package dev.berth.runtime.spec;

import java.util.List;
import java.util.Map;

/**
 * HostConfig.PortBindings ({@code "80/tcp"} → its host bindings, in the request's order; an empty list publishes
 * nothing) and PublishAllPorts ({@code -P}).
 */
public record PortsSpec(Map<String, List<Binding>> bindings, boolean publishAll) {

    /** One host binding: "" for any address, "" or "0" for any port, "8000-8010" for a range. */
    public record Binding(String hostIp, String hostPort) {
    }
}
