package dev.berth.runtime.spec;

/** One {@code --device} (HostConfig.Devices). */
public record DeviceMapping(String pathOnHost, String pathInContainer, String cgroupPermissions) {
}
