package dev.berth.build.run;

import dev.berth.build.node.ImageStore;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a step found in the cache may use the image the cache names, which someone may have removed since.
 * Checking every hit costs a call to image-service per step, so a build first trusts its hits (build-service drops
 * the cache records of an image when image-service announces its deletion: {@code ImageEventConsumer}) and checks
 * a trusted image only where it is used: before a step builds on it, when a later stage copies from it, and as the
 * build's result (its tags check it: {@link #tag}). An image found gone there ends the attempt with {@link Stale},
 * and the build runs again checking every hit. Safe from the threads of a build's concurrent stages.
 */
public final class CacheHits {
    /** A trusted cache hit's image is gone: the build must run again with {@link #checkingEach}. */
    public static final class Stale extends RuntimeException {
        Stale(String imageId) {
            super("the build cache named image " + imageId + ", which is gone", null, false, false);
        }
    }

    private final ImageStore images;
    private final boolean trusting;
    private final Set<String> unchecked = ConcurrentHashMap.newKeySet();

    private CacheHits(ImageStore images, boolean trusting) {
        this.images = images;
        this.trusting = trusting;
    }

    /** Hits are taken as they are and checked where they are used. */
    public static CacheHits trusting(ImageStore images) {
        return new CacheHits(images, true);
    }

    /** Every hit is checked when it is found. */
    public static CacheHits checkingEach(ImageStore images) {
        return new CacheHits(images, false);
    }

    /** Whether the image of a step found in the cache may be used (false: it is gone, build the step). */
    boolean usable(String imageId) {
        if (!trusting) {
            return images.exists(imageId);
        }
        unchecked.add(imageId);
        return true;
    }

    /** Before a step builds on {@code imageId} or copies from it: it must exist. Returns it. */
    String existing(String imageId) {
        if (imageId == null || !unchecked.contains(imageId)) {
            return imageId;
        }
        if (!images.exists(imageId)) {
            throw new Stale(imageId);
        }
        unchecked.remove(imageId);
        return imageId;
    }

    /** Tags the build's result with each {@code name:tag}; without tags, checks that it exists. */
    void tag(String imageId, List<String> tags) {
        if (tags.isEmpty()) {
            existing(imageId);
            return;
        }
        try {
            images.tagAll(imageId, tags);
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND && unchecked.contains(imageId)) {
                throw new Stale(imageId);
            }
            throw e;
        }
    }
}
