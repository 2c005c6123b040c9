package dev.berth.runtime.spec;

import java.util.List;

/**
 * A container's settings as the domain reads them, parsed once from Docker's wire JSON (the create request, or
 * the stored Config and HostConfig) by {@link ContainerSpecParser}. Inspect keeps showing the wire JSON; decisions
 * read this. {@code healthcheck} is null without one; {@code shell} is Config.Shell (CMD-SHELL probes run in it);
 * {@code exposedPorts} Config.ExposedPorts' keys ("80/tcp"); {@code macAddress} the legacy Config.MacAddress;
 * {@code image} Config.Image, the reference the container was created from.
 */
public record ContainerSpec(ProcessSpec process, HostSpec host, HealthcheckSpec healthcheck, List<String> shell,
        StopSpec stop, List<String> exposedPorts, String macAddress, String image) {
}
