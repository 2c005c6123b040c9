package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build cache in {@code docker system df} and {@code docker builder prune}: an untagged build's steps are
 * private cache records with their layer's size and go with a plain prune (a rebuild then misses), a tagged
 * image's steps are shared and stay (its image keeps running even after {@code prune -a}), {@code until} keeps
 * what is newer.
 */
class BuildPruneTest {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String BASE = "e2e-prune-base:" + ID;
    private static final String APP = "e2e-prune-app:" + ID;

    @TempDir
    static Path dir;

    @BeforeAll
    static void baseImage() throws Exception {
        Tarballs.importBusybox(dir, BASE);
    }

    @AfterAll
    static void removeImages() {
        docker("rmi", "-f", APP, BASE);
    }

    /** A project whose RUN writes 300 KiB of random bytes marked with {@code mark}. */
    private static Path project(String mark) throws Exception {
        Path project = Files.createDirectories(dir.resolve(mark));
        Files.writeString(project.resolve("Dockerfile"), "FROM " + BASE + "\n"
                + "RUN echo " + mark + " > /mark && dd if=/dev/urandom of=/blob bs=1024 count=300 2>/dev/null\n"
                + "CMD [\"cat\", \"/mark\"]\n");
        return project;
    }

    /** The cache records whose step mentions {@code mark}, from {@code GET /system/df}. */
    private static List<JsonNode> records(String mark) throws Exception {
        RawDocker.Response df = RawDocker.call("GET", "/system/df", null);
        assertEquals(200, df.status(), df.text());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode record : df.json().path("BuildCache")) {
            if (record.path("Description").asText().contains(mark)) {
                out.add(record);
            }
        }
        return out;
    }

    @Test
    void dfCountsTheCacheAndPruneReclaimsWhatOnlyTheCacheHolds() throws Exception {
        String scratchMark = "scratch-" + ID;
        Path scratch = project(scratchMark);
        docker("build", scratch.toString()).ok();
        List<JsonNode> mine = records(scratchMark);
        assertEquals(1, mine.size(), "the RUN step is one record: " + mine);
        JsonNode run = mine.get(0);
        assertTrue(run.path("Size").asLong() >= 300 * 1024, run.toString());
        assertFalse(run.path("Shared").asBoolean(), run.toString());
        assertFalse(run.path("InUse").asBoolean(), run.toString());
        assertEquals("regular", run.path("Type").asText());
        assertTrue(run.path("CreatedAt").asText().endsWith("Z"), run.toString());

        DockerCli.Result verbose = docker("system", "df", "-v").ok();
        assertTrue(verbose.out().contains("Build cache usage"), verbose.out());
        assertTrue(verbose.out().contains(run.path("ID").asText().substring(0, 12)), verbose.out());
        DockerCli.Result summary = docker("system", "df").ok();
        assertTrue(summary.out().lines().anyMatch(l -> l.startsWith("Build Cache")), summary.out());

        String appMark = "app-" + ID;
        docker("build", "-t", APP, project(appMark).toString()).ok();
        JsonNode appRun = records(appMark).get(0);
        assertTrue(appRun.path("Shared").asBoolean(), "the tagged image is built on it: " + appRun);

        DockerCli.Result pruned = docker("builder", "prune", "-f").ok();
        assertTrue(pruned.out().contains(run.path("ID").asText()), pruned.out());
        assertFalse(pruned.out().contains(appRun.path("ID").asText()), "shared records stay without -a");
        assertFalse(pruned.out().contains("Total reclaimed space: 0B"), pruned.out());
        assertTrue(records(scratchMark).isEmpty(), "the record is gone");
        assertEquals(1, records(appMark).size(), "the tagged image's record stays");

        DockerCli.Result rebuilt = docker("build", scratch.toString()).ok();
        assertFalse(rebuilt.out().contains("Using cache"), "the pruned step runs again: " + rebuilt.out());
        assertEquals(1, records(scratchMark).size());

        DockerCli.Result all = docker("builder", "prune", "-a", "-f", "--filter", "id=" + appRun.path("ID").asText())
                .ok();
        assertTrue(all.out().contains(appRun.path("ID").asText()), all.out());
        assertTrue(records(appMark).isEmpty());
        assertEquals(appMark, docker("run", "--rm", APP).ok().trimmed(), "the tagged image still runs");
        assertEquals(1, records(scratchMark).size(), "the id filter left the other record");
    }

    @Test
    void untilKeepsNewerRecordsAndUnknownFiltersAreRefused() throws Exception {
        String mark = "until-" + ID;
        docker("build", project(mark).toString()).ok();
        String run = records(mark).get(0).path("ID").asText();
        DockerCli.Result kept = docker("builder", "prune", "-f", "--filter", "until=1h").ok();
        assertFalse(kept.out().contains(run), kept.out());
        assertEquals(1, records(mark).size(), "used a moment ago, so not unused for an hour");

        RawDocker.Response bad = prune("{\"label\":{\"x\":true}}");
        assertEquals(400, bad.status(), bad.text());
        assertEquals("invalid filter 'label'", bad.json().path("message").asText());

        String cmd = null;
        for (JsonNode record : RawDocker.call("GET", "/system/df", null).json().path("BuildCache")) {
            if (record.path("Parents").path(0).asText().equals(run)) {
                cmd = record.path("ID").asText();
            }
        }
        assertTrue(cmd != null, "the CMD step's record names the RUN step's as its parent");
        RawDocker.Response onlyRun = prune("{\"id\":{\"^" + run + "$\":true}}");
        assertEquals(200, onlyRun.status(), onlyRun.text());
        assertEquals(0, onlyRun.json().path("SpaceReclaimed").asLong(),
                "the CMD step's image is built on the RUN step's, so that stays: " + onlyRun.text());
        RawDocker.Response both = prune("{\"id\":{\"^" + cmd + "$\":true}}");
        assertEquals(cmd, both.json().path("CachesDeleted").path(0).asText(), both.text());
        assertTrue(both.json().path("SpaceReclaimed").asLong() >= 300 * 1024,
                "with the last record gone, both images go: " + both.text());
        assertTrue(records(mark).isEmpty());

        DockerCli.Result system = docker("system", "prune", "-f", "--filter", "until=1h").ok();
        assertTrue(system.out().contains("Total reclaimed space"), system.out());
    }

    private static RawDocker.Response prune(String filters) throws Exception {
        return RawDocker.call("POST", "/build/prune?filters=" + java.net.URLEncoder.encode(filters,
                java.nio.charset.StandardCharsets.UTF_8), null);
    }
}
