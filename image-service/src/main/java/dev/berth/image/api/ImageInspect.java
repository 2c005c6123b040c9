package dev.berth.image.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Docker's ImageInspect, the answer of {@code GET /images/{name}/json}. */
public record ImageInspect(
        @JsonProperty("Id") String id,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("RepoDigests") List<String> repoDigests,
        @JsonProperty("Parent") String parent,
        @JsonProperty("Comment") String comment,
        @JsonProperty("Created") String created,
        @JsonProperty("DockerVersion") String dockerVersion,
        @JsonProperty("Author") String author,
        @JsonProperty("Config") Map<String, Object> config,
        @JsonProperty("Architecture") String architecture,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Variant") String variant,
        @JsonProperty("Os") String os,
        @JsonProperty("Size") long size,
        @JsonProperty("GraphDriver") GraphDriver graphDriver,
        @JsonProperty("RootFS") RootFs rootFs,
        @JsonProperty("Metadata") Metadata metadata,
        /** Kept although dockerd dropped both in API 1.45: docker-compose v1 (1.29) reads ContainerConfig. */
        @JsonProperty("Container") String container,
        @JsonProperty("ContainerConfig") Map<String, Object> legacyConfig) {

    public record GraphDriver(@JsonProperty("Name") String name, @JsonProperty("Data") Map<String, String> data) {
    }

    public record RootFs(@JsonProperty("Type") String type, @JsonProperty("Layers") List<String> layers) {
    }

    public record Metadata(@JsonProperty("LastTagTime") String lastTagTime) {
    }
}
