package dev.berth.runtime.spec;

/**
 * A container's settings as the domain reads them, parsed once from Docker's wire JSON (the create request, or
 * the stored Config and HostConfig) by {@link ContainerSpecParser}. Inspect keeps showing the wire JSON; decisions
 * read this.
 */
public record ContainerSpec(ProcessSpec process, HostSpec host) {
}
