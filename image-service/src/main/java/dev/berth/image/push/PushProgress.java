package dev.berth.image.push;

/** Where a push reports Docker's progress messages; thread-safe (layers go up in parallel). */
public interface PushProgress {
    /** A line without a layer ({@code The push refers to repository [...]}, {@code <tag>: digest: ...}). */
    void status(String status);

    /** A layer state: {@code Preparing}, {@code Waiting}, {@code Layer already exists}, {@code Pushed}, ... */
    void layer(String shortId, String status);

    /** Upload progress of a layer. */
    void pushing(String shortId, long current, long total);

    /** The final aux message: {@code {"Tag":…,"Digest":…,"Size":…}}. */
    void pushed(String tag, String digest, int size);
}
