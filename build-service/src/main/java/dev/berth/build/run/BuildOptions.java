package dev.berth.build.run;

import java.util.List;
import java.util.Map;

/**
 * A build request as the builder uses it, parsed and checked at the API edge ({@code BuildRequestParser}).
 * {@code buildArgs} values may be null (named, not set); limits are null when not given.
 */
public record BuildOptions(List<String> tags, String dockerfile, Map<String, String> buildArgs, boolean noCache,
        boolean pull, boolean quiet, boolean remove, boolean forceRemove, Map<String, String> labels,
        List<String> cacheFrom, String target, String networkMode, List<String> extraHosts, Limits limits,
        String platform, String registryConfig) {

    /** Resource limits of the RUN containers (HostConfig fields). */
    public record Limits(Long memory, Long memorySwap, Long cpuShares, String cpusetCpus, String cpusetMems,
            Long cpuPeriod, Long cpuQuota, Long shmSize) {
        public static final Limits NONE = new Limits(null, null, null, null, null, null, null, null);
    }

    public BuildOptions {
        tags = List.copyOf(tags);
        buildArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
        labels = Map.copyOf(labels);
        cacheFrom = List.copyOf(cacheFrom);
        extraHosts = List.copyOf(extraHosts);
    }
}
