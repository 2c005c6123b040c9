package dev.berth.image.pull;

/** Where a pull reports Docker's progress messages. Implementations must be thread-safe (layers run in parallel). */
public interface PullProgress {
    /** A line without a layer ({@code Digest: ...}, {@code Status: ...}) or with an id ({@code Pulling from}). */
    void status(String status, String id);

    /** A layer state: {@code Pulling fs layer}, {@code Download complete}, {@code Pull complete}, ... */
    void layer(String shortId, String status);

    /** Download progress of a layer. */
    void downloading(String shortId, long current, long total);
}
