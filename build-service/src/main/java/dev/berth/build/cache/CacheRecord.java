package dev.berth.build.cache;

import java.time.Instant;

/**
 * One row of {@code build_cache} as the cache accounting sees it: the step ({@code parent}, {@code key}) and the
 * image it made ({@code child}), the instruction, times, hits, and whether a running build may be using it (it was
 * made or hit since such a build started).
 */
public record CacheRecord(String parent, String key, String child, String instruction, Instant createdAt,
        Instant lastUsed, int usageCount, boolean inUse) {

    /** The record's id as {@code docker system df -v} and {@code docker builder prune} show it. */
    public String id() {
        return key.length() > 25 ? key.substring(0, 25) : key;
    }
}
