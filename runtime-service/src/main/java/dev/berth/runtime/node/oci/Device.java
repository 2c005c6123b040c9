package dev.berth.runtime.node.oci;

/** runtime-spec {@code LinuxDevice}: a device node runc creates in the container. */
public record Device(String path, String type, long major, long minor, int fileMode, int uid, int gid) {
}
