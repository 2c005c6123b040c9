package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static dev.berth.e2e.DockerCli.dockerWithInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker cp (both ways, running and stopped, hostile archives), docker diff and docker export. */
class CopyDiffExportTest {
    private final String name = "e2e-cp-" + UUID.randomUUID().toString().substring(0, 8);
    private final String marker = "berth-escape-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path tmp;

    @AfterEach
    void removeLeftovers() {
        docker("rm", "-f", name);
    }

    private void runSleeper() {
        docker("run", "-d", "--name", name, "--network", "none", "busybox", "sh", "-c",
                "mkdir -p /data && echo hi > /data/f && ln -s / /data/rootlink && ln -s ../../../../../../.. /data/up"
                        + " && rm /bin/true && touch /ready && sleep 1000").ok();
        for (int i = 0; i < 100 && docker("exec", name, "test", "-e", "/ready").exit() != 0; i++) {
            // wait until the setup ran
        }
    }

    @Test
    void copiesBothWaysKeepingModesAndOwners() throws IOException {
        runSleeper();
        Path local = tmp.resolve("local.txt");
        Files.writeString(local, "from the host\n");
        docker("cp", local.toString(), name + ":/data/").ok();
        assertEquals("from the host", docker("exec", name, "cat", "/data/local.txt").ok().trimmed());

        docker("exec", name, "sh", "-c", "echo secret > /data/s && chown 12:34 /data/s && chmod 4750 /data/s"
                + " && rm /data/up").ok(); // the docker CLI itself refuses to write a link that climbs out

        Path back = tmp.resolve("back");
        docker("cp", name + ":/data", back.toString()).ok();
        assertEquals("hi\n", Files.readString(back.resolve("f")));
        assertEquals("secret\n", Files.readString(back.resolve("s")));
        assertTrue(Files.isSymbolicLink(back.resolve("rootlink")));
        assertTrue(waitForEvent(name, "archive-path") && waitForEvent(name, "extract-to-dir"), "cp events");
        // the raw archive keeps owner and mode
        DockerCli.Result raw = docker("exec", name, "echo"); // container still fine after the freeze
        assertEquals(0, raw.exit(), raw.err());
        Path tarFile = tmp.resolve("s.tar");
        ProcessBuilder pb = new ProcessBuilder("docker", "cp", name + ":/data/s", "-");
        pb.environment().put("DOCKER_HOST", DockerCli.HOST);
        pb.redirectOutput(tarFile.toFile());
        try {
            assertEquals(0, pb.start().waitFor());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarFile))) {
            TarArchiveEntry e = tar.getNextEntry();
            assertEquals("s", e.getName());
            assertEquals(04750, e.getMode() & 07777);
            assertEquals(12, e.getLongUserId());
            assertEquals(34, e.getLongGroupId());
        }
        // a path that is not there: Docker's message
        DockerCli.Result missing = docker("cp", name + ":/nope", tmp.toString());
        assertNotEquals(0, missing.exit());
        assertTrue(missing.err().contains("Could not find the file /nope in container " + name), missing.err());
        // the running container was thawed again
        assertEquals("running", docker("inspect", "-f", "{{.State.Status}}", name).ok().trimmed());
    }

    @Test
    void symlinksResolveInsideTheContainerAndHostileArchivesWriteNothingOutside() throws IOException {
        runSleeper();
        Path local = tmp.resolve(marker);
        Files.writeString(local, "x\n");
        // through a symlink to / inside the container: lands in the container's /tmp, not the host's
        docker("cp", local.toString(), name + ":/data/rootlink/tmp/").ok();
        // through a relative symlink that climbs far above the root
        docker("cp", local.toString(), name + ":/data/up/tmp/" + marker + "-up").ok();
        assertEquals(0, docker("exec", name, "test", "-f", "/tmp/" + marker).exit());
        assertEquals(0, docker("exec", name, "test", "-f", "/tmp/" + marker + "-up").exit());

        // hostile archives: .., absolute names, refused as a whole (nothing written)
        DockerCli.Result dotdot = dockerWithInput(tar(List.of(
                file("ok-" + marker, "ok"), file("../../../../../../../../tmp/" + marker + "-dotdot", "x"))),
                "cp", "-", name + ":/data");
        assertNotEquals(0, dotdot.exit());
        assertTrue(dotdot.err().contains("escapes"), dotdot.err());
        assertNotEquals(0, docker("exec", name, "test", "-e", "/data/ok-" + marker).exit());
        DockerCli.Result absolute = dockerWithInput(tar(List.of(file("/tmp/" + marker + "-abs", "x"))),
                "cp", "-", name + ":/data");
        assertNotEquals(0, absolute.exit());
        // writes through symlinks the archive itself brings: they resolve inside the container
        dockerWithInput(tar(List.of(symlink("esc", "../../../../../../../../../tmp"), symlink("abs", "/tmp"),
                file("esc/" + marker + "-sym", "x"), file("abs/" + marker + "-abs2", "x"),
                device("dev-" + marker))), "cp", "-", name + ":/data").ok();
        assertEquals(0, docker("exec", name, "test", "-f", "/tmp/" + marker + "-sym").exit());
        assertEquals(0, docker("exec", name, "test", "-f", "/tmp/" + marker + "-abs2").exit());
        assertNotEquals(0, docker("exec", name, "test", "-e", "/data/dev-" + marker).exit(), "device nodes are dropped");
        // a hard link to a file outside the destination that climbs out
        DockerCli.Result hardlink = dockerWithInput(tar(List.of(hardlink("hl", "../../../../../../etc/shadow"))),
                "cp", "-", name + ":/data");
        assertNotEquals(0, hardlink.exit());

        // and nothing of it reached the host
        for (String suffix : List.of("", "-up", "-dotdot", "-abs", "-sym", "-abs2")) {
            assertFalse(Files.exists(Path.of("/tmp", marker + suffix)), "escaped to the host: /tmp/" + marker + suffix);
            assertFalse(Files.exists(Path.of("/", marker + suffix)), "escaped to the host: /" + marker + suffix);
        }
        assertFalse(Files.exists(Path.of("/tmp/" + marker + "-up")));
    }

    @Test
    void copiesIntoAndOutOfAStoppedContainerAndKeepsCopyUidGidForItsUser() throws IOException {
        docker("create", "--name", name, "--network", "none", "-u", "1:1", "busybox", "true").ok();
        Path local = tmp.resolve("stopped.txt");
        Files.writeString(local, "into a created container\n");
        docker("cp", "-a", local.toString(), name + ":/stopped.txt").ok();
        Path back = tmp.resolve("back.txt");
        docker("cp", name + ":/stopped.txt", back.toString()).ok();
        assertEquals("into a created container\n", Files.readString(back));
        assertEquals(List.of("A /stopped.txt"), docker("diff", name).ok().out().lines().toList());
        docker("start", "-a", name).ok();
        assertEquals("exited", docker("inspect", "-f", "{{.State.Status}}", name).ok().trimmed());
        Path tarFile = tmp.resolve("stopped.tar");
        ProcessBuilder pb = new ProcessBuilder("docker", "cp", name + ":/stopped.txt", "-");
        pb.environment().put("DOCKER_HOST", DockerCli.HOST);
        pb.redirectOutput(tarFile.toFile());
        try {
            assertEquals(0, pb.start().waitFor());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarFile))) {
            TarArchiveEntry e = tar.getNextEntry();
            assertEquals(1, e.getLongUserId(), "-a gives the container's user");
            assertEquals(1, e.getLongGroupId());
        }
        String inspect = docker("inspect", "-f", "{{.GraphDriver.Data.MergedDir}}", name).ok().trimmed();
        assertFalse(mounted(inspect), "the rootfs of a stopped container is unmounted after cp");
    }

    @Test
    void copiesIntoVolumesAndRefusesReadOnlyMounts() throws IOException {
        String volume = name + "-vol";
        Path bind = Files.createDirectories(tmp.resolve("bind"));
        Files.writeString(bind.resolve("b.txt"), "bound\n");
        try {
            docker("run", "-d", "--name", name, "--network", "none", "-v", volume + ":/data", "-v", bind + ":/bnd:ro",
                    "busybox", "sleep", "1000").ok();
            Path local = tmp.resolve("into-volume.txt");
            Files.writeString(local, "in the volume\n");
            docker("cp", local.toString(), name + ":/data/").ok();
            assertEquals("in the volume", docker("exec", name, "cat", "/data/into-volume.txt").ok().trimmed());
            Path back = tmp.resolve("b-back.txt");
            docker("cp", name + ":/bnd/b.txt", back.toString()).ok();
            assertEquals("bound\n", Files.readString(back));
            DockerCli.Result ro = docker("cp", local.toString(), name + ":/bnd/");
            assertNotEquals(0, ro.exit());
            assertTrue(ro.err().contains("mounted volume is marked read-only"), ro.err());
            docker("rm", "-f", name).ok();
            assertEquals("in the volume", docker("run", "--rm", "--network", "none", "-v", volume + ":/d", "busybox",
                    "cat", "/d/into-volume.txt").ok().trimmed(), "the file is in the volume, not under it");
        } finally {
            docker("rm", "-f", name);
            docker("volume", "rm", "-f", volume);
        }
    }

    @Test
    void diffShowsAddedChangedAndDeletedAndExportHasTheMergedTree() throws IOException {
        runSleeper();
        docker("exec", name, "sh", "-c", "echo changed >> /etc/passwd").ok();
        List<String> diff = docker("diff", name).ok().out().lines().toList();
        assertTrue(diff.contains("A /data"), diff.toString());
        assertTrue(diff.contains("A /data/f"), diff.toString());
        assertTrue(diff.contains("C /etc/passwd"), diff.toString());
        assertTrue(diff.contains("D /bin/true"), diff.toString());
        assertTrue(diff.contains("C /bin"), diff.toString());
        assertFalse(diff.contains("A /etc/hostname") || diff.contains("A /etc/hosts"), diff.toString());

        Path exported = tmp.resolve("export.tar");
        docker("export", "-o", exported.toString(), name).ok();
        Set<String> names = new HashSet<>();
        String passwd = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(exported))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName());
                if (e.getName().equals("etc/passwd")) {
                    passwd = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertTrue(names.contains("data/f"), "export has the container's files");
        assertTrue(names.contains("bin/sh"), "export has the image's files");
        assertFalse(names.contains("bin/true"), "export leaves out what the container deleted");
        assertTrue(passwd != null && passwd.endsWith("changed\n"), String.valueOf(passwd));
        assertTrue(waitForEvent(name, "export"), "export event");
    }

    /** Whether the container's event stream shows {@code action} within a few seconds. */
    static boolean waitForEvent(String container, String action) {
        long since = System.currentTimeMillis() / 1000 - 300;
        for (int i = 0; i < 40; i++) {
            long until = System.currentTimeMillis() / 1000 + 1;
            List<String> events = docker("events", "--since", Long.toString(since), "--until", Long.toString(until),
                    "--filter", "container=" + container, "--format", "{{.Action}}").ok().out().lines().toList();
            if (events.stream().anyMatch(a -> a.equals(action) || a.startsWith(action + ":"))) {
                return true;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Whether an event of {@code type} and {@code action} shows up within a few seconds. */
    static boolean waitForEventOfType(String type, String action) {
        long since = System.currentTimeMillis() / 1000 - 60;
        for (int i = 0; i < 40; i++) {
            long until = System.currentTimeMillis() / 1000 + 1;
            List<String> events = docker("events", "--since", Long.toString(since), "--until", Long.toString(until),
                    "--filter", "type=" + type, "--filter", "event=" + action, "--format", "{{.Action}}").ok().out()
                    .lines().toList();
            if (events.contains(action)) {
                return true;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static boolean mounted(String path) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].equals(path)) {
                return true;
            }
        }
        return false;
    }

    private record Entry(String name, byte type, String content) {
    }

    private static Entry file(String name, String content) {
        return new Entry(name, TarConstants.LF_NORMAL, content);
    }

    private static Entry symlink(String name, String target) {
        return new Entry(name, TarConstants.LF_SYMLINK, target);
    }

    private static Entry hardlink(String name, String target) {
        return new Entry(name, TarConstants.LF_LINK, target);
    }

    private static Entry device(String name) {
        return new Entry(name, TarConstants.LF_CHR, "");
    }

    private static byte[] tar(List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Entry e : entries) {
                TarArchiveEntry t = new TarArchiveEntry(e.name(), e.type(), true);
                if (e.type() == TarConstants.LF_SYMLINK || e.type() == TarConstants.LF_LINK) {
                    t.setLinkName(e.content());
                } else if (e.type() == TarConstants.LF_CHR) {
                    t.setDevMajor(1);
                    t.setDevMinor(3);
                }
                byte[] data = e.type() == TarConstants.LF_NORMAL ? e.content().getBytes(StandardCharsets.UTF_8) : new byte[0];
                t.setSize(data.length);
                t.setMode(0644);
                tar.putArchiveEntry(t);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
