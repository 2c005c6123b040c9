package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker rmi} as dockerd does it: an image other images build on is never deleted (even with {@code -f}),
 * and deleting an image deletes its untagged parents that nothing else holds, unless {@code --no-prune}; {@code docker
 * image prune} takes only images no other image builds on, with their untagged parents.
 */
class ImageRemoveParentsTest {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String BASE = "e2e-rmi-base:" + ID;
    private static final String APP = "e2e-rmi-app-" + ID;

    @TempDir
    static Path dir;

    @BeforeAll
    static void baseImage() throws Exception {
        Tarballs.importBusybox(dir, BASE);
        Files.writeString(dir.resolve("Dockerfile"), "FROM " + BASE + "\nRUN echo " + ID + " > /id\nCMD [\"cat\", \"/id\"]\n");
    }

    @AfterAll
    static void removeImages() {
        docker("rmi", "-f", APP + ":pruned", APP + ":kept", APP + ":steps", BASE);
    }

    private static String parentOf(String image) {
        return docker("image", "inspect", "-f", "{{.Parent}}", image).ok().trimmed();
    }

    @Test
    void untaggedParentsGoWithTheImageUnlessNoPrune() {
        docker("build", "--no-cache", "-t", APP + ":pruned", dir.toString()).ok();
        String parent = parentOf(APP + ":pruned");
        assertTrue(parent.startsWith("sha256:"), parent);

        DockerCli.Result child = docker("rmi", "-f", parent);
        assertNotEquals(0, child.exit());
        assertTrue(child.err().contains("(cannot be forced) - image has dependent child images"), child.err());

        String image = docker("image", "inspect", "-f", "{{.Id}}", APP + ":pruned").ok().trimmed();
        String removed = docker("rmi", APP + ":pruned").ok().out();
        assertTrue(removed.contains("Deleted: " + image), removed);
        assertTrue(removed.contains("Deleted: " + parent), removed);
        assertNotEquals(0, docker("image", "inspect", parent).exit());
        assertEquals(0, docker("image", "inspect", BASE).exit(), "a tagged parent stays");

        docker("build", "--no-cache", "-t", APP + ":kept", dir.toString()).ok();
        String keptParent = parentOf(APP + ":kept");
        docker("rmi", "--no-prune", APP + ":kept").ok();
        assertEquals(0, docker("image", "inspect", keptParent).exit(), "--no-prune keeps the parent");
        docker("rmi", keptParent).ok();
    }

    @Test
    void imagePruneLeavesATaggedBuildsStepsAndTakesADanglingChain() throws Exception {
        Path project = Files.createDirectories(dir.resolve("steps"));
        Files.writeString(project.resolve("Dockerfile"), "FROM " + BASE + "\nRUN echo a" + ID + " > /a\nRUN echo b > /b\n"
                + "CMD [\"cat\", \"/a\"]\n");
        docker("build", "--no-cache", "-t", APP + ":steps", project.toString()).ok();
        String secondRun = parentOf(APP + ":steps");
        String firstRun = parentOf(secondRun);
        docker("image", "prune", "-f").ok();
        assertEquals(0, docker("image", "inspect", firstRun).exit(), "a tagged build's steps stay");
        assertEquals(0, docker("image", "inspect", secondRun).exit(), "a tagged build's steps stay");

        docker("rmi", "--no-prune", APP + ":steps").ok(); // the steps are now a dangling chain
        String pruned = docker("image", "prune", "-f").ok().out();
        assertTrue(pruned.contains("deleted: " + secondRun) && pruned.contains("deleted: " + firstRun), pruned);
        assertNotEquals(0, docker("image", "inspect", firstRun).exit());
        assertEquals(0, docker("image", "inspect", BASE).exit(), "a tagged parent stays");
    }
}
