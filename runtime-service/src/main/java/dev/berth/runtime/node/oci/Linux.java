package dev.berth.runtime.node.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** runtime-spec {@code Linux}: cgroup, namespaces, devices, sysctls, masked paths and seccomp. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Linux(Resources resources, String cgroupsPath, List<Namespace> namespaces, List<String> maskedPaths,
        List<String> readonlyPaths, Seccomp seccomp, List<Device> devices, Map<String, String> sysctl,
        String rootfsPropagation) {
}
