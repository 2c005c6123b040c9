package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LayerStore#sweep}: the unpacked layers no image and no container needs go; nothing else does. */
class LayerSweepTest {
    private static final String IMAGE_CHAIN = "sha256:" + "a".repeat(64);
    private static final String FOR_IMAGE = "a".repeat(LayerStore.SHORT_ID);
    private static final String FOR_CONTAINER = "b".repeat(LayerStore.SHORT_ID);
    private static final String UNUSED = "c".repeat(LayerStore.SHORT_ID);

    @TempDir
    Path tmp;

    @Test
    void deletesOnlyWhatNoImageOrContainerNeeds() throws Exception {
        LayerStore store = new LayerStore(tmp.resolve("layers"), new LayerUnpacker(new HostProcessRunner()));
        for (String name : List.of(FOR_IMAGE, FOR_CONTAINER, UNUSED, "empty", ".tmp-x")) {
            Files.writeString(Files.createDirectories(store.root().resolve(name)).resolve("f"), name);
        }
        Instant later = Instant.now().plusSeconds(5);

        Instant graceStart = Instant.now().minusSeconds(600);
        assertEquals(List.of(), store.sweep(Set.of(IMAGE_CHAIN), Set.of(FOR_CONTAINER), graceStart),
                "a layer unpacked within the grace period stays");
        assertEquals(List.of(UNUSED), store.sweep(Set.of(IMAGE_CHAIN), Set.of(FOR_CONTAINER), later));

        assertTrue(Files.isDirectory(store.root().resolve(FOR_IMAGE)));
        assertTrue(Files.isDirectory(store.root().resolve(FOR_CONTAINER)));
        assertFalse(Files.exists(store.root().resolve(UNUSED)));
        assertTrue(Files.isDirectory(store.root().resolve("empty")), "not a layer's name: left alone");
        assertTrue(Files.isDirectory(store.root().resolve(".tmp-x")), "an unpack under way: left alone");
        try (var left = Files.list(store.root())) {
            assertEquals(4, left.count(), "nothing renamed aside is left");
        }
    }

    @Test
    void aStoreNeverUsedHasNothingToSweep() throws Exception {
        LayerStore store = new LayerStore(tmp.resolve("none"), new LayerUnpacker(new HostProcessRunner()));
        assertEquals(List.of(), store.sweep(Set.of(), Set.of(), Instant.now().plusSeconds(5)));
    }
}
