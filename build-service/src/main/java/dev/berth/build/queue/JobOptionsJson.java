package dev.berth.build.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.build.run.BuildOptions;

/**
 * A queued build's options as stored in {@code build_job.options}: the parsed request, so a worker runs exactly
 * what the API side checked. It includes {@code X-Registry-Config} (base-image credentials), as dockerd keeps it
 * for the build's lifetime; the database is the cluster's own, and {@code BuildJobs.finish} drops them.
 */
final class JobOptionsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobOptionsJson() {
    }

    static String write(BuildOptions options) {
        try {
            return JSON.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static BuildOptions read(String json) {
        try {
            return JSON.readValue(json, BuildOptions.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable build options: " + e.getMessage(), e);
        }
    }
}
