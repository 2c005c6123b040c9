package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker images --filter before/since, and docker system df (-v) with the images' part. */
class ImageListDiskUsageTest {
    private final String repo = "e2e-df-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() {
        docker("rmi", "-f", repo + ":old", repo + ":new");
    }

    @Test
    void beforeSinceAndSystemDf() throws Exception {
        Path rootfs = dir.resolve("rootfs.tar");
        Files.write(rootfs, Tarballs.busyboxRootfs());
        docker("import", rootfs.toString(), repo + ":old").ok();
        Thread.sleep(20);
        docker("import", "--change", "ENV X=1", rootfs.toString(), repo + ":new").ok();

        String before = docker("images", "--filter", "before=" + repo + ":new", "--format",
                "{{.Repository}}:{{.Tag}}").ok().out();
        assertTrue(before.contains(repo + ":old"), before);
        assertFalse(before.contains(repo + ":new"), before);
        String since = docker("images", "--filter", "since=" + repo + ":old", "--format",
                "{{.Repository}}:{{.Tag}}").ok().out();
        assertTrue(since.contains(repo + ":new"), since);
        assertFalse(since.contains(repo + ":old"), since);
        DockerCli.Result unknown = docker("images", "--filter", "since=" + repo + ":never");
        assertTrue(unknown.err().contains("No such image"), unknown.err());

        String df = docker("system", "df", "--format", "{{.Type}} {{.TotalCount}}").ok().out();
        assertTrue(df.contains("Images "), df);
        assertTrue(df.contains("Containers "), df);
        assertTrue(df.contains("Local Volumes "), df);
        String verbose = docker("system", "df", "-v").ok().out();
        assertTrue(verbose.contains("Images space usage:"), verbose);
        String line = verbose.lines().filter(l -> l.startsWith(repo + " ") && l.contains(" old ")).findFirst()
                .orElseThrow(() -> new AssertionError(verbose));
        // both images share their only layer: SHARED SIZE is the whole image, UNIQUE SIZE 0B, no containers
        String[] cols = line.trim().split("\\s{2,}");
        assertEquals("0B", cols[cols.length - 2], line);
        assertEquals("0", cols[cols.length - 1], line);
    }

    @Test
    void attestationsAnswerAsDockerdsImageStoreWithoutThem() throws java.io.IOException {
        String request = " HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n\r\n";
        String current = SystemApiTest.raw("GET /v1.55/images/busybox/attestations" + request);
        assertTrue(current.startsWith("HTTP/1.1 501"), current);
        assertTrue(current.contains("{\"message\":\"the legacy image store does not support attestations\"}"),
                current);
        String two = SystemApiTest.raw("GET /images/busybox/attestations?platform=linux%2Famd64"
                + "&platform=linux%2Farm64" + request);
        assertTrue(two.startsWith("HTTP/1.1 400"), two);
        assertTrue(two.contains("only one platform value is currently supported"), two);
        String old = SystemApiTest.raw("GET /v1.54/images/busybox/attestations" + request);
        assertTrue(old.startsWith("HTTP/1.1 400"), old);
        assertTrue(old.contains("GET /images/{name:.*}/attestations requires minimum API version 1.55"), old);
    }
}
