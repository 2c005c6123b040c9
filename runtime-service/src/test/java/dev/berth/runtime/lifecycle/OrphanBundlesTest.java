package dev.berth.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanBundlesTest {
    private static final String OLD = "a".repeat(64);
    private static final String NEW = "b".repeat(64);

    @TempDir
    Path containers;

    @Test
    void onlyContainerDirectoriesFromBeforeTheStartAreCandidates() throws IOException {
        Instant start = Instant.now();
        dir(OLD, start.minus(Duration.ofMinutes(5)));
        dir(NEW, start.plusSeconds(1)); // a create in flight since the start
        dir("not-a-container", start.minus(Duration.ofMinutes(5)));
        Path file = Files.writeString(containers.resolve("c".repeat(64)), "");
        Files.setLastModifiedTime(file, FileTime.from(start.minus(Duration.ofMinutes(5))));

        assertEquals(List.of(OLD), OrphanBundles.candidates(containers, start));
    }

    @Test
    void noDirectoryNoCandidates() {
        assertEquals(List.of(), OrphanBundles.candidates(containers.resolve("absent"), Instant.now()));
    }

    private void dir(String name, Instant modified) throws IOException {
        Path d = Files.createDirectories(containers.resolve(name).resolve("upper")).getParent();
        Files.setLastModifiedTime(d, FileTime.from(modified));
    }
}
