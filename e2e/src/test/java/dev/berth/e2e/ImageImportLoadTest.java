package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker import and docker load create content-addressed images that run. */
class ImageImportLoadTest {
    private static final Path DATA = Path.of(System.getenv().getOrDefault("BERTH_DATA", "/var/lib/berth"));

    private final String tag = "e2e-img-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() {
        docker("rmi", "-f", tag + ":imported", tag + ":loaded", tag + ":oci-a", tag + ":oci-b");
    }

    /** runtime-service unpacks a new image's layers when image-service announces it, before anything runs it. */
    @Test
    void anImportedImagesLayerIsUnpackedOnTheNodeBeforeItsFirstRun() throws Exception {
        byte[] layer = Tarballs.busyboxRootfsWith("unique-" + UUID.randomUUID(), new byte[4 << 20]);
        Path rootfs = dir.resolve("unique.tar");
        Files.write(rootfs, layer);
        docker("import", rootfs.toString(), tag + ":imported").ok();
        Path unpacked = DATA.resolve("runtime/layers").resolve(Tarballs.sha256(layer).substring(0, 16));
        for (int i = 0; i < 100 && !Files.isDirectory(unpacked); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.isDirectory(unpacked), unpacked + " unpacked after the import, with no run");
        assertTrue(Files.isRegularFile(unpacked.resolve("bin/busybox")), "the layer's content is there");
        assertEquals("ok\n", docker("run", "--rm", "--network", "none", tag + ":imported", "sh", "-c", "echo ok")
                .ok().out());
    }

    @Test
    void importedRootfsRunsWithItsChanges() throws IOException {
        Path rootfs = dir.resolve("rootfs.tar");
        Files.write(rootfs, Tarballs.busyboxRootfs());
        String id = docker("import", "--change", "CMD [\"echo\", \"imported\"]", "--change", "ENV GREETING=hi",
                rootfs.toString(), tag + ":imported").ok().trimmed();
        assertTrue(id.startsWith("sha256:"), id);
        String listed = docker("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").ok().out();
        assertTrue(listed.contains(tag + ":imported " + id.substring(7, 19)), listed);
        assertEquals("sha256:" + Tarballs.sha256(Files.readAllBytes(rootfs)),
                docker("image", "inspect", "-f", "{{index .RootFS.Layers 0}}", tag + ":imported").ok().trimmed());
        DockerCli.Result run = docker("run", "--rm", "--network", "none", tag + ":imported");
        assertEquals("imported\n", run.out(), run.err());
        assertEquals("hi\n", docker("run", "--rm", "--network", "none", tag + ":imported", "sh", "-c",
                "echo $GREETING").ok().out());
    }

    @Test
    void loadedArchiveKeepsItsDigests() throws IOException {
        byte[] layer = Tarballs.busyboxRootfs();
        String diffId = "sha256:" + Tarballs.sha256(layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2026-01-02T03:04:05Z\","
                + "\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"echo\",\"loaded\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        String configHex = Tarballs.sha256(config);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(configHex + ".json", config);
        entries.put("layer1/layer.tar", layer);
        entries.put("manifest.json", ("[{\"Config\":\"" + configHex + ".json\",\"RepoTags\":[\"" + tag
                + ":loaded\"],\"Layers\":[\"layer1/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8));
        Path archive = dir.resolve("image.tar");
        Files.write(archive, Tarballs.saveArchive(entries));

        String out = docker("load", "-i", archive.toString()).ok().out();
        assertTrue(out.contains("Loaded image: " + tag + ":loaded"), out);
        assertEquals("sha256:" + configHex,
                docker("image", "inspect", "-f", "{{.Id}}", tag + ":loaded").ok().trimmed());
        assertEquals("loaded\n", docker("run", "--rm", "--network", "none", tag + ":loaded").ok().out());
    }

    @Test
    void ociLayoutWithTwoImagesLoadsBothByTheirAnnotations() throws IOException {
        byte[] layer = Tarballs.busyboxRootfs();
        String layerHex = Tarballs.sha256(layer);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        entries.put("blobs/sha256/" + layerHex, layer);
        StringBuilder index = new StringBuilder("{\"schemaVersion\":2,\"manifests\":[");
        String[] names = {"oci-a", "oci-b"};
        String[] ids = new String[2];
        for (int i = 0; i < 2; i++) {
            byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2026-01-0" + (i + 1)
                    + "T00:00:00Z\",\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"echo\",\"" + names[i] + "\"]},"
                    + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + layerHex + "\"]}}")
                    .getBytes(StandardCharsets.UTF_8);
            String configHex = Tarballs.sha256(config);
            ids[i] = "sha256:" + configHex;
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
                    + configHex + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:" + layerHex + "\",\"size\":"
                    + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
            String manifestHex = Tarballs.sha256(manifest);
            entries.put("blobs/sha256/" + configHex, config);
            entries.put("blobs/sha256/" + manifestHex, manifest);
            String annotation = i == 0 ? "\"io.containerd.image.name\":\"docker.io/library/" + tag + ":oci-a\""
                    : "\"org.opencontainers.image.ref.name\":\"" + tag + ":oci-b\"";
            index.append(i == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"digest\":\"sha256:").append(manifestHex).append("\",\"size\":").append(manifest.length)
                    .append(",\"annotations\":{").append(annotation).append("}}");
        }
        entries.put("index.json", index.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        Path archive = dir.resolve("oci.tar");
        Files.write(archive, Tarballs.saveArchive(entries));

        String out = docker("load", "-i", archive.toString()).ok().out();
        assertTrue(out.contains("Loaded image: " + tag + ":oci-a"), out);
        assertTrue(out.contains("Loaded image: " + tag + ":oci-b"), out);
        assertEquals(ids[1], docker("image", "inspect", "-f", "{{.Id}}", tag + ":oci-b").ok().trimmed());
        assertEquals("oci-a\n", docker("run", "--rm", "--network", "none", tag + ":oci-a").ok().out());
    }

    @Test
    void archiveWithMismatchedLayerIsRefusedAndLeavesNoImage() throws IOException {
        byte[] layer = Tarballs.busyboxRootfs();
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "0".repeat(64) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        String configHex = Tarballs.sha256(config);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(configHex + ".json", config);
        entries.put("l/layer.tar", layer);
        entries.put("manifest.json", ("[{\"Config\":\"" + configHex + ".json\",\"RepoTags\":[\"" + tag
                + ":loaded\"],\"Layers\":[\"l/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8));
        Path archive = dir.resolve("bad.tar");
        Files.write(archive, Tarballs.saveArchive(entries));
        DockerCli.Result load = docker("load", "-i", archive.toString());
        assertNotEquals(0, load.exit(), load.out());
        assertNotEquals(0, docker("image", "inspect", tag + ":loaded").exit());
    }

    @Test
    void archiveWithPathEscapeIsRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("../escape.json", "{}".getBytes(StandardCharsets.UTF_8));
        entries.put("manifest.json", "[]".getBytes(StandardCharsets.UTF_8));
        Path archive = dir.resolve("evil.tar");
        Files.write(archive, Tarballs.saveArchive(entries));
        DockerCli.Result load = docker("load", "-i", archive.toString());
        assertNotEquals(0, load.exit(), load.out());
    }

    /**
     * docker-py's test_load_error: a body that is no archive at all. dockerd answers 200 and ends the stream with an
     * errorDetail line (docker-py raises ImageLoadError from it); the CLI still exits 1.
     */
    @Test
    void notAnArchiveIsAnErrorLineInA200Stream() throws IOException {
        String response = SystemApiTest.raw("POST /v1.41/images/load HTTP/1.1\r\nHost: berth\r\n"
                + "Content-Type: application/x-tar\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.contains("\"errorDetail\":{\"message\":\"invalid archive"), response);
        DockerCli.Result load = DockerCli.dockerWithInput("abc".getBytes(StandardCharsets.UTF_8), "load");
        assertNotEquals(0, load.exit(), load.out());
        assertTrue(load.err().contains("invalid archive"), load.err());
    }
}
