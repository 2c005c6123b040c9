package dev.berth.runtime.spec;

import java.util.Map;

/**
 * One of HostConfig.Mounts ({@code --mount}), moby's mount.Mount; each options object is null when the request
 * has none (they are pointers in Go, and giving one for the wrong type is an error).
 */
public record MountSpec(String type, String source, String target, boolean readOnly, BindOptions bindOptions,
        VolumeOptions volumeOptions, TmpfsOptions tmpfsOptions) {

    /** BindOptions: propagation mode, and whether a missing source is created. */
    public record BindOptions(String propagation, boolean createMountpoint) {
    }

    /** VolumeOptions, with its DriverConfig's name and options flattened in ("" and empty without one). */
    public record VolumeOptions(boolean noCopy, Map<String, String> labels, String subpath, String driverName,
            Map<String, String> driverOptions) {
    }

    /** TmpfsOptions: size in bytes and the octal mode as a number (0: the defaults). */
    public record TmpfsOptions(long sizeBytes, long mode) {
    }
}
