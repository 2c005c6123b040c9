package dev.berth.build.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.build.cache.StepCache;
import dev.berth.build.context.FileDigests;
import dev.berth.build.dockerfile.BuildPlan;
import dev.berth.build.node.ImageStore;
import dev.berth.build.node.RuntimeNode;
import dev.berth.common.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build whose trusted cache hits name images removed meanwhile (their deletion events not yet consumed) runs again
 * checking each hit, and answers an image that exists. Metadata steps only, so no runtime node is called.
 */
class BuildExecutorStaleHitTest {
    @TempDir
    Path dir;

    /** image-service as a recording fake: images it has, steps it stores, tags it refuses for a missing image. */
    private static final class Images extends ImageStore {
        final Set<String> present = new HashSet<>();
        final List<String> calls = new ArrayList<>();
        private int made;

        Images() {
            super("http://127.0.0.1:9");
        }

        @Override
        public boolean exists(String imageId) {
            calls.add("exists " + imageId);
            return present.contains(imageId);
        }

        @Override
        public String buildStep(String parent, ObjectNode config, String createdBy, InputStream layer) {
            String id = "sha256:" + "0".repeat(60) + String.format("%04d", ++made);
            present.add(id);
            calls.add("step " + id);
            return id;
        }

        @Override
        public void tagAll(String imageId, List<String> tags) {
            calls.add("tag " + imageId);
            if (!present.contains(imageId)) {
                throw BerthException.notFound("No such image: " + imageId);
            }
        }
    }

    /** The step cache as a map. */
    private static final class Cache implements StepCache {
        final Map<String, String> rows = new HashMap<>();

        @Override
        public Optional<String> lookup(String parent, String key) {
            return Optional.ofNullable(rows.get(parent + "\n" + key));
        }

        @Override
        public void record(String parent, String key, String child, String position, Map<String, String> components) {
            rows.put(parent + "\n" + key, child);
        }

        @Override
        public Optional<Map<String, String>> previous(String parent, String position) {
            return Optional.empty();
        }

        @Override
        public void forget(String parent, String key) {
            rows.remove(parent + "\n" + key);
        }
    }

    /** The build's stream as text. */
    private static final class Recorded implements BuildOutput {
        final StringBuilder text = new StringBuilder();

        @Override
        public void stream(String line) {
            text.append(line);
        }

        @Override
        public void stderr(String line) {
            text.append(line);
        }

        @Override
        public void progress(JsonNode message) {
        }

        @Override
        public void aux(String imageId) {
            text.append("aux ").append(imageId).append('\n');
        }

        @Override
        public void error(String message, int code) {
            text.append("error ").append(message).append('\n');
        }
    }

    private String build(Images images, Cache cache, Recorded out) throws IOException {
        BuildOptions options = new BuildOptions(List.of("app:1"), "", Map.of(), false, false, false, true, false,
                Map.of(), List.of(), "", "default", List.of(), BuildOptions.Limits.NONE, "", null);
        return new BuildExecutor(new RuntimeNode("http://127.0.0.1:9"), images, cache, 1 << 20,
                new CacheMounts(dir.resolve("cache-mounts")))
                .build(BuildPlan.parse("FROM scratch\nENV A=1\nLABEL b=2\n"), options, dir, FileDigests.uncached(),
                        dir.resolve("scratch"), out, new BuildControl());
    }

    @Test
    void hitsCostNoCallAndAGoneResultIsBuiltAgain() throws IOException {
        Images images = new Images();
        Cache cache = new Cache();
        String first = build(images, cache, new Recorded());
        assertEquals(2, cache.rows.size());

        images.calls.clear();
        Recorded warm = new Recorded();
        assertEquals(first, build(images, cache, warm));
        assertEquals(List.of("tag " + first), images.calls, "a warm build asks image-service only to tag");

        images.present.clear(); // removed; build-service has not read the deletion events yet
        images.calls.clear();
        Recorded again = new Recorded();
        String rebuilt = build(images, cache, again);
        assertTrue(again.text.toString().contains("which is gone: building again, checking each cached image"),
                again.text.toString());
        assertTrue(images.present.contains(rebuilt));
        assertFalse(rebuilt.equals(first));
        assertEquals("tag " + rebuilt, images.calls.get(images.calls.size() - 1));
        String firstStep = "sha256:" + "0".repeat(60) + "0001"; // the ENV step's image of the first build
        assertFalse(cache.rows.containsValue(firstStep), "the record whose image was found gone is forgotten");
    }
}
