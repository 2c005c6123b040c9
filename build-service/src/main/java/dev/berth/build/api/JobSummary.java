package dev.berth.build.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One build of {@code GET /build/jobs} (internal): which worker holds or held it, and when it ran. */
public record JobSummary(@JsonProperty("ID") String id, @JsonProperty("State") String state,
        @JsonProperty("Worker") String worker, @JsonProperty("Attempt") int attempt,
        @JsonProperty("LastFinishedStep") int lastFinishedStep, @JsonProperty("Tags") List<String> tags,
        @JsonProperty("Created") String created, @JsonProperty("Started") String started,
        @JsonProperty("Finished") String finished) {
}
