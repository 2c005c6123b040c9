package dev.berth.image.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.image.registry.ManifestInspector;
import java.util.List;

/** Docker's {@code DistributionInspect}: the manifest's OCI descriptor and the platforms it is for (null: none). */
public record DistributionInspect(@JsonProperty("Descriptor") DescriptorView descriptor,
        @JsonProperty("Platforms") @JsonInclude(JsonInclude.Include.ALWAYS) List<PlatformView> platforms) {

    public record DescriptorView(String mediaType, String digest, long size) {
    }

    /** An OCI platform: {@code os.version}, {@code os.features} and {@code variant} only when set. */
    public record PlatformView(String architecture, String os,
            @JsonProperty("os.version") @JsonInclude(JsonInclude.Include.NON_EMPTY) String osVersion,
            @JsonProperty("os.features") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> osFeatures,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String variant) {
    }

    static DistributionInspect of(ManifestInspector.Inspected inspected) {
        List<PlatformView> platforms = inspected.platforms() == null ? null : inspected.platforms().stream()
                .map(p -> new PlatformView(orEmpty(p.architecture()), orEmpty(p.os()), p.osVersion(), p.osFeatures(),
                        p.variant()))
                .toList();
        return new DistributionInspect(
                new DescriptorView(inspected.mediaType(), inspected.digest(), inspected.size()), platforms);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
