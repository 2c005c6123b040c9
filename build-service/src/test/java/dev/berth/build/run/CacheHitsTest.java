package dev.berth.build.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.build.node.ImageStore;
import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which calls a build makes to image-service for its cache hits, against a recording image store. */
class CacheHitsTest {
    /** Has the images in {@code present}; records every call. */
    private static final class RecordingImages extends ImageStore {
        final List<String> calls = new ArrayList<>();
        final Set<String> present;

        RecordingImages(Set<String> present) {
            super("http://127.0.0.1:9");
            this.present = present;
        }

        @Override
        public boolean exists(String imageId) {
            calls.add("exists " + imageId);
            return present.contains(imageId);
        }

        @Override
        public void tagAll(String imageId, List<String> tags) {
            calls.add("tag " + imageId + " " + tags);
            if (!present.contains(imageId)) {
                throw BerthException.notFound("No such image: " + imageId);
            }
        }
    }

    @Test
    void trustedHitsCostNoCallUntilUsedAndTheTagChecksTheResult() {
        RecordingImages images = new RecordingImages(Set.of("a", "b"));
        CacheHits hits = CacheHits.trusting(images);
        assertTrue(hits.usable("a"));
        assertTrue(hits.usable("b"));
        hits.tag("b", List.of("app:1"));
        assertEquals(List.of("tag b [app:1]"), images.calls);
    }

    @Test
    void aStepBuiltOnATrustedHitChecksItOnce() {
        RecordingImages images = new RecordingImages(Set.of("a"));
        CacheHits hits = CacheHits.trusting(images);
        hits.usable("a");
        assertEquals("a", hits.existing("a"));
        assertEquals("a", hits.existing("a"));
        assertEquals("fresh", hits.existing("fresh")); // built by this build: never asked about
        assertEquals(List.of("exists a"), images.calls);
    }

    @Test
    void aTrustedHitThatIsGoneEndsTheAttempt() {
        RecordingImages images = new RecordingImages(Set.of());
        CacheHits hits = CacheHits.trusting(images);
        hits.usable("gone");
        assertThrows(CacheHits.Stale.class, () -> hits.existing("gone"));
        assertThrows(CacheHits.Stale.class, () -> hits.tag("gone", List.of("app:1")));
        CacheHits untagged = CacheHits.trusting(images);
        untagged.usable("gone");
        assertThrows(CacheHits.Stale.class, () -> untagged.tag("gone", List.of()));
    }

    @Test
    void aTagFailureOfAnImageThisBuildMadeIsItsOwnError() {
        RecordingImages images = new RecordingImages(Set.of());
        BerthException failure = assertThrows(BerthException.class,
                () -> CacheHits.trusting(images).tag("made", List.of("app:1")));
        assertEquals("No such image: made", failure.getMessage());
    }

    @Test
    void checkingEachAsksForEveryHit() {
        RecordingImages images = new RecordingImages(Set.of("a"));
        CacheHits hits = CacheHits.checkingEach(images);
        assertTrue(hits.usable("a"));
        assertFalse(hits.usable("gone"));
        assertEquals("a", hits.existing("a"));
        assertEquals(List.of("exists a", "exists gone"), images.calls);
    }
}
