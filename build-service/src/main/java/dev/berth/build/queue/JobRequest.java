package dev.berth.build.queue;

import dev.berth.build.run.BuildOptions;

/** A build the API side accepted: its id, its checked options and the digest of its stored context. */
public record JobRequest(String id, BuildOptions options, String contextDigest) {
}
