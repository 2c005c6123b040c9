package dev.berth.runtime.node.oci;

import com.fasterxml.jackson.annotation.JsonInclude;

/** runtime-spec {@code LinuxDeviceCgroup}: one device-cgroup rule (type and numbers absent mean all). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {
    public static DeviceRule all(boolean allow) {
        return new DeviceRule(allow, null, null, null, "rwm");
    }

    public static DeviceRule character(boolean allow, long major, long minor) {
        return new DeviceRule(allow, "c", major, minor, "rwm");
    }
}
