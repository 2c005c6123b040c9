package dev.berth.runtime.spec;

import java.util.List;

/**
 * A container's settings as the domain reads them, parsed once from Docker's wire JSON (the create request, or
 * the stored Config and HostConfig) by {@link ContainerSpecParser}. Inspect keeps showing the wire JSON; decisions
 * read this. {@code healthcheck} is null without one; {@code shell} is Config.Shell (CMD-SHELL probes run in it).
 */
public record ContainerSpec(ProcessSpec process, HostSpec host, HealthcheckSpec healthcheck, List<String> shell) {
}
