package dev.berth.runtime.node.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** runtime-spec {@code Spec}: what runc reads from a bundle's config.json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OciSpec(String ociVersion, Process process, Root root, String hostname, String domainname,
        List<Mount> mounts, Linux linux) {
    public static final String VERSION = "1.0.2-dev";
}
