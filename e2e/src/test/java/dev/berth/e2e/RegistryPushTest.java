package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker push of a multi-layer image with a whiteout and an opaque directory (built here, loaded from a save
 * archive) to Debian's docker-registry: push, second push, cross-repository mount, rmi, pull by tag and by digest,
 * run, save → rmi → load, digests identical throughout. One layer is large enough for a chunked upload.
 */
class RegistryPushTest {
    private static final Pattern DIGEST = Pattern.compile(": digest: (sha256:[0-9a-f]{64}) size: \\d+");

    @TempDir
    Path dir;

    private final List<String> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        cleanup.forEach(ref -> docker("rmi", "-f", ref));
    }

    @Test
    void multiLayerImageSurvivesTheRoundTrip() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(dir, null, null, null)) {
            String image = registry.host() + "/e2e/layers:1";
            String other = registry.host() + "/e2e/copy:2";
            cleanup.addAll(List.of(image, other));
            String id = load(image);

            DockerCli.Result first = docker("push", image).ok();
            assertTrue(first.out().contains("The push refers to repository [" + registry.host() + "/e2e/layers]"),
                    first.out());
            assertTrue(first.out().contains(": Pushed"), first.out());
            String digest = digestOf(first.out());
            assertEquals(registry.host() + "/e2e/layers@" + digest,
                    docker("image", "inspect", "-f", "{{index .RepoDigests 0}}", image).ok().trimmed());

            DockerCli.Result again = docker("push", image).ok();
            assertEquals(3, count(again.out(), ": Layer already exists"), again.out());
            assertEquals(digest, digestOf(again.out()));

            docker("tag", image, other).ok();
            DockerCli.Result mounted = docker("push", other).ok();
            assertEquals(3, count(mounted.out(), ": Mounted from e2e/layers"), mounted.out());
            assertEquals(digest, digestOf(mounted.out()));

            docker("rmi", image, other).ok();
            DockerCli.Result pulled = docker("pull", image).ok();
            assertTrue(pulled.out().contains("Digest: " + digest), pulled.out());
            assertEquals(id, docker("image", "inspect", "-f", "{{.Id}}", image).ok().trimmed());
            assertEquals("old:gone a:gone b:here\n", docker("run", "--rm", "--network", "none", image, "sh", "-c",
                    "(test -e /data/old.txt && echo old:here || echo old:gone) | tr '\\n' ' ';"
                            + " (test -e /opq/a.txt && echo a:here || echo a:gone) | tr '\\n' ' ';"
                            + " cat /opq/b.txt").ok().out());

            String byDigest = registry.host() + "/e2e/copy@" + digest;
            cleanup.add(byDigest);
            docker("rmi", "-f", image).ok(); // the run's container may not be forgotten yet
            DockerCli.Result pulledByDigest = docker("pull", byDigest).ok();
            assertTrue(pulledByDigest.out().contains("Digest: " + digest), pulledByDigest.out());
            assertEquals(id, docker("image", "inspect", "-f", "{{.Id}}", byDigest).ok().trimmed());

            docker("tag", byDigest, image).ok();
            Path saved = dir.resolve("saved.tar");
            docker("save", "-o", saved.toString(), image).ok();
            docker("rmi", "-f", id).ok();
            docker("load", "-i", saved.toString()).ok();
            assertEquals(id, docker("image", "inspect", "-f", "{{.Id}}", image).ok().trimmed());
            DockerCli.Result afterLoad = docker("push", image).ok();
            assertEquals(digest, digestOf(afterLoad.out()), afterLoad.out());
        }
    }

    @Test
    void pushOfAnUnknownImageFails() {
        DockerCli.Result push = docker("push", "127.0.0.1:1/e2e/never-there:1");
        assertTrue(push.exit() != 0, push.out());
        assertTrue(push.err().contains("An image does not exist locally with the tag: 127.0.0.1:1/e2e/never-there"),
                push.err());
    }

    private static String digestOf(String out) {
        Matcher m = DIGEST.matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static int count(String out, String what) {
        int n = 0;
        for (int i = out.indexOf(what); i >= 0; i = out.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Loads a three-layer image: busybox, files to delete, and a layer with a whiteout, an opaque dir, 40 MB. */
    private String load(String tag) throws IOException {
        byte[] base = Tarballs.busyboxRootfs();
        byte[] files = tar(Map.of("data/old.txt", "old\n".getBytes(StandardCharsets.UTF_8),
                "opq/a.txt", "a\n".getBytes(StandardCharsets.UTF_8)));
        byte[] big = new byte[40 * 1024 * 1024];
        new Random(42).nextBytes(big);
        Map<String, byte[]> changes = new LinkedHashMap<>();
        changes.put("data/.wh.old.txt", new byte[0]);
        changes.put("opq/.wh..wh..opq", new byte[0]);
        changes.put("opq/b.txt", "b:here\n".getBytes(StandardCharsets.UTF_8));
        changes.put("big.bin", big);
        byte[] top = tar(changes);
        List<byte[]> layers = List.of(base, files, top);
        StringBuilder diffIds = new StringBuilder();
        for (byte[] layer : layers) {
            diffIds.append(diffIds.length() == 0 ? "" : ",").append("\"sha256:").append(Tarballs.sha256(layer))
                    .append('"');
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2026-01-02T03:04:05Z\","
                + "\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}")
                .getBytes(StandardCharsets.UTF_8);
        String configHex = Tarballs.sha256(config);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(configHex + ".json", config);
        for (int i = 0; i < layers.size(); i++) {
            entries.put("l" + i + "/layer.tar", layers.get(i));
        }
        entries.put("manifest.json", ("[{\"Config\":\"" + configHex + ".json\",\"RepoTags\":[\"" + tag
                + "\"],\"Layers\":[\"l0/layer.tar\",\"l1/layer.tar\",\"l2/layer.tar\"]}]")
                .getBytes(StandardCharsets.UTF_8));
        Path archive = dir.resolve("image.tar");
        Files.write(archive, Tarballs.saveArchive(entries));
        docker("load", "-i", archive.toString()).ok();
        return "sha256:" + configHex;
    }

    private static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            java.util.Set<String> dirs = new java.util.TreeSet<>();
            files.keySet().forEach(f -> {
                if (f.contains("/")) {
                    dirs.add(f.substring(0, f.indexOf('/') + 1));
                }
            });
            for (String d : dirs) {
                TarArchiveEntry entry = new TarArchiveEntry(d);
                entry.setMode(040755);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
                entry.setSize(f.getValue().length);
                entry.setMode(0100644);
                tar.putArchiveEntry(entry);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
