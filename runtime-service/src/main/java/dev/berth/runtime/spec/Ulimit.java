package dev.berth.runtime.spec;

/** One {@code --ulimit} (HostConfig.Ulimits): Docker's name, soft and hard limit. */
public record Ulimit(String name, long soft, long hard) {
}
