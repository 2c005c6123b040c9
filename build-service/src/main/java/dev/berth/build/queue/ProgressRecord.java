package dev.berth.build.queue;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record on {@code berth.build.progress} (key: the build id): a message of the build's stream as the client
 * gets it, numbered per attempt, or the end of the stream ({@code end}, no message). A worker that takes a job
 * over starts a new attempt at seq 1.
 */
public record ProgressRecord(int attempt, long seq, JsonNode message, boolean end) {
}
