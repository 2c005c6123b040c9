package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static dev.berth.e2e.DockerCli.dockerWithInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's hostile-archive corpus ({@link HostileArchives}) fed to every entry point that takes a tar: docker cp
 * into a container (and out of one whose rootfs holds symlinks aimed at the host), docker load, docker import and
 * image layers unpacked by a node, and build contexts. Each call returns within {@link #BOUND_MS}; each is refused
 * with a Docker-format error or kept inside its root, as the corpus says; the canary directory on the host is never
 * written to or read; a decompression bomb stops at {@code berth.archive.max-expanded-bytes} (the instance's
 * {@code BERTH_ARCHIVE_MAX_EXPANDED_BYTES}, which {@code ./berth test} sets to 256 MiB) and leaves no partial file.
 */
class HostileArchivesTest {
    static final long BOUND_MS = 60_000;
    private static final String SECRET = "host secret, never to be read or replaced\n";
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String prefix = "e2e-hostile-archives-" + id;
    private final Path canary = Path.of("/tmp", "berth-canary-" + id);
    private final HostileArchives corpus = new HostileArchives(canary.toString());
    private final List<String> containers = new ArrayList<>();
    private final List<String> images = new ArrayList<>();

    @BeforeEach
    void plantCanary() throws IOException {
        Files.createDirectory(canary);
        Files.writeString(canary.resolve("secret"), SECRET);
    }

    @AfterEach
    void checkCanaryAndCleanUp() throws IOException {
        try {
            try (Stream<Path> files = Files.list(canary)) {
                assertEquals(List.of(canary.resolve("secret")), files.toList(), "files written outside every root");
            }
            assertEquals(SECRET, Files.readString(canary.resolve("secret")), "the canary file was changed");
        } finally {
            containers.forEach(c -> docker("rm", "-f", c));
            images.forEach(i -> docker("rmi", "-f", i));
            try (Stream<Path> walk = Files.walk(canary)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void dockerCpIntoAContainer() throws IOException {
        String c = container("cp-in");
        for (HostileArchives.Case k : corpus.corpus()) {
            DockerCli.Result r = timed(k.name(), () -> dockerWithInput(k.tar(), "cp", "-", c + ":/"));
            assertAnswer("docker cp " + k.name(), k.cp(), r);
        }
        for (byte[] step : corpus.plantedSymlink()) {
            timed("planted symlink", () -> dockerWithInput(step, "cp", "-", c + ":/")).ok();
        }
        // what was written through the symlinks landed inside the container, where the link leads in its root
        for (String name : List.of("through-absolute", "through-relative", "planted")) {
            assertEquals(0, docker("cp", c + ":" + canary + "/" + name, "-").exit(), name + " inside the rootfs");
        }
        TarArchiveEntry suid = single(docker("cp", c + ":/suid", "-"));
        assertEquals(04755, suid.getMode() & 07777, "docker cp keeps setuid as dockerd does");
        assertEquals(02755, single(docker("cp", c + ":/sgid", "-")).getMode() & 07777);
        assertTrue(single(docker("cp", c + ":/fifo", "-")).isFIFO(), "a FIFO is made inside the rootfs");
    }

    @Test
    void dockerCpOutOfAContainerDoesNotReadTheHost() throws IOException {
        String c = container("cp-out");
        dockerWithInput(corpus.leakLinks(), "cp", "-", c + ":/").ok();
        for (String link : List.of("/leak-absolute", "/leak-relative")) {
            DockerCli.Result through = timed(link, () -> docker("cp", c + ":" + link + "/secret", "-"));
            assertNotEquals(0, through.exit(), "the host's file was copied out through " + link);
            assertFalse(through.out().contains(SECRET.trim()), "host content read through " + link);
            assertClearError(link, through);
            DockerCli.Result itself = timed(link, () -> docker("cp", c + ":" + link, "-")).ok();
            assertTrue(single(itself).isSymbolicLink(), "the link itself is copied, not what it points at");
            DockerCli.Result followed = timed(link, () -> docker("cp", "-L", c + ":" + link, "-"));
            assertFalse(followed.out().contains(SECRET.trim()), "host content read with cp -L " + link);
        }
    }

    @Test
    void imageLayersFromLoadAndImport() throws IOException {
        byte[] base = Tarballs.busyboxRootfs();
        for (HostileArchives.Case k : corpus.corpus()) {
            String tag = prefix + ":" + k.name();
            byte[] archive = HostileArchives.image(tag, List.of(base, k.tar()),
                    List.of(Tarballs.sha256(base), Tarballs.sha256(k.tar())));
            images.add(tag);
            String imported = prefix + "-import:" + k.name();
            images.add(imported);
            DockerCli.Result load = timed("load " + k.name(), () -> dockerWithInput(archive, "load"));
            DockerCli.Result imports = timed("import " + k.name(),
                    () -> dockerWithInput(k.tar(), "import", "-", imported));
            if (k.layer() == HostileArchives.Expect.REFUSED) {
                // refused when it arrives, as dockerd (which applies layers at load and import), not at the first run
                assertRefusedLayer("load " + k.name(), load, tag);
                assertRefusedLayer("import " + k.name(), imports, imported);
                continue;
            }
            load.ok();
            imports.ok();
            assertRun("layer " + k.name(), k.layer(), tag); // the import's layer is the same bytes
        }
        List<byte[]> planted = new ArrayList<>(List.of(base));
        planted.addAll(corpus.plantedSymlink());
        String tag = prefix + ":planted";
        images.add(tag);
        byte[] archive = HostileArchives.image(tag, planted, planted.stream().map(Tarballs::sha256).toList());
        timed("load planted", () -> dockerWithInput(archive, "load")).ok();
        // each layer is unpacked into a directory of its own: the second layer's evil/ is a real directory there,
        // which overlayfs shows over the first layer's symlink (as with dockerd's overlay2): the file stays inside
        assertRun("a symlink planted in one layer, written through in the next", HostileArchives.Expect.CONTAINED, tag);
        assertEquals("x", docker("run", "--rm", "--network", "none", tag, "cat", "/evil/planted").ok().out());
    }

    @Test
    void buildContexts() throws IOException {
        for (HostileArchives.Case k : corpus.corpus()) {
            byte[] context = withDockerfile(k.tar(), "FROM busybox\nLABEL case=" + k.name() + "\n");
            String tag = prefix + "-build:" + k.name();
            images.add(tag);
            DockerCli.Result r = timed("build " + k.name(), () -> dockerWithInput(context, "build", "-t", tag, "-"));
            assertAnswer("docker build " + k.name(), k.build(), r);
        }
    }

    @Test
    void aBombStopsAtTheLimitEverywhereAndLeavesNothing() throws IOException {
        String configured = System.getenv("BERTH_ARCHIVE_MAX_EXPANDED_BYTES");
        assumeTrue(configured != null, "BERTH_ARCHIVE_MAX_EXPANDED_BYTES is not set for this instance (./berth test"
                + " sets 256 MiB): a bomb past the 64 GiB default is too slow for a test");
        long limit = Long.parseLong(configured);
        assumeTrue(limit <= 1L << 30, "the limit is too large for a CI bomb");
        byte[] bomb = HostileArchives.bomb(limit + (64 << 20));
        assertTrue(bomb.length < limit / 256, "a small gzip: " + bomb.length + " bytes");
        Path data = Path.of(System.getenv().getOrDefault("BERTH_DATA", "/var/lib/berth"));
        long freeBefore = Files.getFileStore(data).getUsableSpace();

        String c = container("bomb");
        assertLimit("docker cp", timed("cp bomb", () -> dockerWithInput(bomb, "cp", "-", c + ":/")));
        assertNotEquals(0, docker("cp", c + ":/zeros", "-").exit(), "nothing of the bomb was written");
        assertLimit("docker import", timed("import bomb", () -> dockerWithInput(bomb, "import", "-")));
        byte[] layerBomb = HostileArchives.image(prefix + ":bomb", List.of(bomb), List.of("0".repeat(64)));
        assertLimit("docker load", timed("load bomb", () -> dockerWithInput(layerBomb, "load")));
        assertLimit("docker build", timed("build bomb", () -> dockerWithInput(bomb, "build", "-")));

        assertEquals(List.of(), leftovers(data), "partial files of the bomb are left");
        long grown = freeBefore - Files.getFileStore(data).getUsableSpace();
        assertTrue(grown < limit / 2, "the space of the partial output is reclaimed: " + grown + " bytes used");
    }

    private String container(String name) {
        String c = prefix + "-" + name;
        containers.add(c);
        docker("create", "--name", c, "--network", "none", "busybox", "true").ok();
        return c;
    }

    private void assertRun(String what, HostileArchives.Expect expect, String image) {
        DockerCli.Result run = timed(what, () -> docker("run", "--rm", "--network", "none", image, "true"));
        if (expect == HostileArchives.Expect.REFUSED) {
            assertNotEquals(0, run.exit(), what + " was not refused");
            assertTrue(run.err().contains("unsafe image layer"), what + ": a clear error naming the layer: "
                    + run.err());
            assertClearError(what, run);
        } else {
            assertEquals(0, run.exit(), what + ": " + run.err());
        }
    }

    /** The call failed with the layer named, and no image of that name was made. */
    private static void assertRefusedLayer(String what, DockerCli.Result r, String image) {
        assertNotEquals(0, r.exit(), what + " was not refused: " + r.out());
        assertTrue(r.err().contains("unsafe image layer"), what + ": a clear error naming the layer: " + r.err());
        assertClearError(what, r);
        assertNotEquals(0, docker("image", "inspect", image).exit(), what + ": the image was made anyway");
    }

    private static void assertAnswer(String what, HostileArchives.Expect expect, DockerCli.Result r) {
        if (expect == HostileArchives.Expect.REFUSED) {
            assertNotEquals(0, r.exit(), what + " was not refused: " + r.out());
            assertClearError(what, r);
        } else {
            assertEquals(0, r.exit(), what + ": " + r.err() + r.out());
        }
    }

    /** A Docker-format error: the CLI shows the daemon's message, never a Java exception nor a bare status. */
    private static void assertClearError(String what, DockerCli.Result r) {
        String all = r.out() + r.err();
        assertFalse(all.isBlank(), what + ": no error message");
        assertFalse(all.contains("Internal Server Error") || all.contains("<html"), what + ": not a message: " + all);
        assertFalse(all.contains("Exception") || all.contains("\tat "), what + ": a Java exception: " + all);
    }

    private static void assertLimit(String what, DockerCli.Result r) {
        assertNotEquals(0, r.exit(), what + " accepted a bomb");
        assertTrue((r.out() + r.err()).contains("max-expanded-bytes"), what + ": the limit is named: " + r.err()
                + r.out());
        assertClearError(what, r);
    }

    private static DockerCli.Result timed(String what, java.util.function.Supplier<DockerCli.Result> call) {
        long start = System.nanoTime();
        DockerCli.Result r = call.get();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < BOUND_MS, what + " took " + ms + " ms (bound " + BOUND_MS + ")");
        return r;
    }

    private static TarArchiveEntry single(DockerCli.Result r) {
        r.ok();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(
                r.out().getBytes(StandardCharsets.UTF_8)))) {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] withDockerfile(byte[] tar, String dockerfile) throws IOException {
        return HostileArchives.tar(out -> {
            HostileArchives.file(out, "Dockerfile", dockerfile);
            try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
                TarArchiveEntry e;
                while ((e = in.getNextEntry()) != null) {
                    e.setModTime(e.getModTime().getTime() / 1000 * 1000);
                    out.putArchiveEntry(e);
                    in.transferTo(out);
                    out.closeArchiveEntry();
                }
            }
        });
    }

    /** Temporary files of unpacking or storing left under the instance's data directory. */
    private static List<Path> leftovers(Path data) throws IOException {
        try (Stream<Path> walk = Files.walk(data, 4)) {
            return walk.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }
}
