package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seeds' volume lessons with the docker CLI: named, anonymous and bind mounts, rm, prune, sharing. */
class VolumesTest {
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> containers = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();

    @AfterEach
    void removeLeftovers() {
        if (!containers.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f", "-v"));
            args.addAll(containers);
            docker(args.toArray(String[]::new));
        }
        for (String v : volumes) {
            docker("volume", "rm", "-f", v);
        }
    }

    private String container(String suffix) {
        String name = "e2e-vol-" + suffix + "-" + tag;
        containers.add(name);
        return name;
    }

    private String volume(String suffix) {
        String name = "e2e-" + suffix + "-" + tag;
        volumes.add(name);
        return name;
    }

    @Test
    void namedVolumeOutlivesItsContainersAndIsRefusedWhileInUse() {
        String data = volume("db");
        assertEquals(data, docker("volume", "create", "--label", "e2e=" + tag, data).ok().trimmed());
        String db = container("db");
        docker("run", "--name", db, "--network", "none", "-v", data + ":/var/lib/db", "busybox", "sh", "-c",
                "echo row-1 > /var/lib/db/table").ok();
        assertEquals(db, docker("ps", "-a", "--filter", "volume=" + data, "--format", "{{.Names}}").ok().trimmed());
        assertEquals(data, docker("ps", "-a", "--no-trunc", "--filter", "name=" + db, "--format", "{{.Mounts}}").ok().trimmed());
        DockerCli.Result inUse = docker("volume", "rm", data);
        assertNotEquals(0, inUse.exit());
        assertTrue(inUse.err().contains("volume is in use"), inUse.err());
        docker("rm", db).ok();
        // the database scenario: a new container on the same volume finds the data
        assertEquals("row-1", docker("run", "--rm", "--network", "none", "-v", data + ":/var/lib/db", "busybox",
                "cat", "/var/lib/db/table").ok().trimmed());
        String inspect = docker("volume", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Scope}} {{.Labels}}", data)
                .ok().trimmed();
        assertEquals(data + " local local map[e2e:" + tag + "]", inspect);
        assertTrue(docker("volume", "ls", "-q", "--filter", "label=e2e=" + tag).ok().out().contains(data));
        docker("volume", "rm", data).ok();
        DockerCli.Result gone = docker("volume", "inspect", data);
        assertNotEquals(0, gone.exit());
        assertTrue(gone.err().contains("no such volume"), gone.err());
        // re-created under the same name, it starts empty
        docker("volume", "create", data).ok();
        assertEquals("empty", docker("run", "--rm", "--network", "none", "-v", data + ":/d", "busybox", "sh", "-c",
                "ls /d/table 2>/dev/null || echo empty").ok().trimmed());
    }

    @Test
    void bindMountShowsHostEditsLiveAndReadOnlyRefusesWrites() throws IOException {
        Path dir = Files.createTempDirectory("berth-e2e-bind");
        String web = container("web");
        docker("run", "-d", "--name", web, "--network", "none", "-v", dir + ":/app:ro", "busybox", "sleep", "300").ok();
        Files.writeString(dir.resolve("index.html"), "v1\n");
        assertEquals("v1", docker("exec", web, "cat", "/app/index.html").ok().trimmed());
        Files.writeString(dir.resolve("index.html"), "v2\n");
        assertEquals("v2", docker("exec", web, "cat", "/app/index.html").ok().trimmed());
        DockerCli.Result write = docker("exec", web, "touch", "/app/new");
        assertNotEquals(0, write.exit());
        assertTrue(write.err().contains("Read-only file system"), write.err());
        assertEquals("bind " + dir + " false ro", docker("inspect", "-f",
                "{{range .Mounts}}{{.Type}} {{.Source}} {{.RW}} {{.Mode}}{{end}}", web).ok().trimmed());
        // -v with a missing host path creates it; --mount refuses it, as Docker
        Path missing = dir.resolve("made/by/run");
        docker("run", "--rm", "--network", "none", "-v", missing + ":/x", "busybox", "true").ok();
        assertTrue(Files.isDirectory(missing));
        DockerCli.Result refused = docker("run", "--rm", "--network", "none", "--mount",
                "type=bind,source=" + dir.resolve("absent") + ",target=/x", "busybox", "true");
        assertNotEquals(0, refused.exit());
        assertTrue(refused.err().contains("bind source path does not exist"), refused.err());
    }

    @Test
    void anonymousVolumeOverBindSubpathWinsAndGoesWithRmV() throws IOException {
        Path app = Files.createTempDirectory("berth-e2e-app");
        Files.writeString(app.resolve("server.js"), "code\n");
        String node = container("node");
        docker("run", "--name", node, "--network", "none", "-v", app + ":/app", "-v", "/app/node_modules", "busybox",
                "sh", "-c", "cat /app/server.js && touch /app/node_modules/express").ok();
        assertFalse(Files.exists(app.resolve("node_modules/express")), "the anonymous volume must hide the bind");
        String anonymous = docker("inspect", "-f",
                "{{range .Mounts}}{{if eq .Type \"volume\"}}{{.Name}}{{end}}{{end}}", node).ok().trimmed();
        assertEquals(64, anonymous.length(), anonymous);
        assertTrue(docker("volume", "inspect", "-f", "{{.Labels}}", anonymous).ok().out()
                .contains("com.docker.volume.anonymous"));
        assertEquals("express", docker("run", "--rm", "--network", "none", "-v", anonymous + ":/m", "busybox",
                "ls", "/m").ok().trimmed());
        docker("rm", "-v", node).ok();
        eventually(() -> docker("volume", "inspect", anonymous).exit() != 0, "rm -v removes the anonymous volume");
        // --rm takes the anonymous volumes along, never a named one
        String named = volume("named");
        docker("run", "--rm", "--network", "none", "-v", named + ":/n", "--mount",
                "type=volume,target=/scratch,volume-label=e2e-rm=" + tag, "busybox", "touch", "/scratch/x").ok();
        assertEquals("", docker("volume", "ls", "-q", "--filter", "label=e2e-rm=" + tag).ok().trimmed());
        docker("volume", "inspect", named).ok();
    }

    @Test
    void pruneRemovesUnusedAnonymousVolumesAndWithAllNamedOnes() {
        String named = volume("keep");
        docker("volume", "create", "--label", "e2e=" + tag, named).ok();
        String c = container("prune");
        docker("run", "--name", c, "--network", "none", "--mount",
                "type=volume,target=/cache,volume-label=e2e=" + tag, "busybox", "true").ok();
        String anonymous = docker("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", c).ok().trimmed();
        docker("rm", c).ok(); // without -v the anonymous volume stays, unused
        eventually(() -> docker("volume", "ls", "-q", "--filter", "dangling=true").ok().out().contains(anonymous),
                "the anonymous volume is dangling once its container is gone");
        String pruned = docker("volume", "prune", "-f", "--filter", "label=e2e=" + tag).ok().out();
        assertTrue(pruned.contains(anonymous), pruned);
        assertFalse(pruned.contains(named), pruned);
        docker("volume", "inspect", named).ok();
        String all = docker("volume", "prune", "-a", "-f", "--filter", "label=e2e=" + tag).ok().out();
        assertTrue(all.contains(named), all);
    }

    @Test
    void pruneFollowsTheClientsApiVersion() throws IOException {
        String named = volume("api");
        docker("volume", "create", "--label", "e2e-api=" + tag, named).ok();
        String filters = URLEncoder.encode("{\"label\":[\"e2e-api=" + tag + "\"]}",
                StandardCharsets.UTF_8);
        // API >= 1.42 and unversioned requests (the newest version): anonymous volumes only
        for (String prefix : new String[] {"/v1.44", "/v1.42", ""}) {
            String kept = prune(prefix + "/volumes/prune?filters=" + filters);
            assertTrue(kept.startsWith("HTTP/1.1 200"), kept);
            assertFalse(kept.contains(named), prefix + ": " + kept);
            docker("volume", "inspect", named).ok();
        }
        // an old client asking all=false contradicts the all=true its version implies: dockerd's 400
        String both = URLEncoder.encode("{\"label\":[\"e2e-api=" + tag + "\"],\"all\":[\"false\"]}",
                StandardCharsets.UTF_8);
        String refused = prune("/v1.41/volumes/prune?filters=" + both);
        assertTrue(refused.startsWith("HTTP/1.1 400"), refused);
        assertTrue(refused.contains("invalid filter 'all=[false true]': only one value is expected"), refused);
        docker("volume", "inspect", named).ok();
        // API < 1.42: every unused volume, named ones too
        String pruned = prune("/v1.41/volumes/prune?filters=" + filters);
        assertTrue(pruned.startsWith("HTTP/1.1 200"), pruned);
        assertTrue(pruned.contains("\"VolumesDeleted\":[\"" + named + "\"]"), pruned);
        assertNotEquals(0, docker("volume", "inspect", named).exit());
    }

    @Test
    void updateIsForClusterVolumesWhichNeedASwarm() throws IOException {
        String named = volume("update");
        docker("volume", "create", named).ok();
        String request = " HTTP/1.1\r\nHost: berth\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
        String current = SystemApiTest.raw("PUT /v1.55/volumes/" + named + "?version=1" + request);
        assertTrue(current.startsWith("HTTP/1.1 503"), current);
        assertTrue(current.contains("volume update only valid for cluster volumes, but swarm is unavailable"), current);
        String old = SystemApiTest.raw("PUT /v1.41/volumes/" + named + "?version=1" + request);
        assertTrue(old.startsWith("HTTP/1.1 400"), old);
        assertTrue(old.contains("PUT /volumes/{name:.*} requires minimum API version 1.42"), old);
    }

    private static String prune(String path) throws IOException {
        return SystemApiTest.raw("POST " + path + " HTTP/1.1\r\nHost: berth\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
    }

    @Test
    void concurrentContainersWriteTheSameVolume() {
        String shared = volume("shared");
        List<CompletableFuture<DockerCli.Result>> writers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String w = container("w" + i);
            writers.add(CompletableFuture.supplyAsync(() -> docker("run", "--name", w, "--network", "none",
                    "-v", shared + ":/data", "busybox", "sh", "-c",
                    "for i in $(seq 1 50); do echo " + w + " >> /data/log; done; echo done > /data/" + w)));
        }
        writers.forEach(f -> f.join().ok());
        String counts = docker("run", "--rm", "--network", "none", "-v", shared + ":/data", "busybox", "sh", "-c",
                "wc -l < /data/log; ls /data | wc -l").ok().out();
        assertEquals(List.of("150", "4"), counts.lines().map(String::trim).toList());
    }

    @Test
    void emptyVolumeGetsTheImageContentAndVolumesFromShares() {
        String etc = volume("etc");
        String source = container("src");
        docker("run", "-d", "--name", source, "--network", "none", "-v", etc + ":/etc", "busybox", "sleep", "300").ok();
        assertTrue(docker("exec", source, "cat", "/etc/passwd").ok().out().contains("root:"),
                "copy-up of the image's /etc into the empty volume");
        docker("exec", source, "sh", "-c", "echo shared > /etc/marker").ok();
        assertEquals("shared", docker("run", "--rm", "--network", "none", "--volumes-from", source, "busybox",
                "cat", "/etc/marker").ok().trimmed());
        DockerCli.Result ro = docker("run", "--rm", "--network", "none", "--volumes-from", source + ":ro", "busybox",
                "touch", "/etc/other");
        assertNotEquals(0, ro.exit());
        assertTrue(ro.err().contains("Read-only file system"), ro.err());
        // nocopy: an empty volume stays empty
        String bare = volume("bare");
        assertEquals("0", docker("run", "--rm", "--network", "none", "-v", bare + ":/etc:nocopy", "busybox", "sh",
                "-c", "ls /etc | wc -l").ok().trimmed());
    }

    @Test
    void imageVolumeBecomesAnAnonymousVolumeWithTheImageContent() throws IOException {
        Path rootfs = Files.createTempFile("berth-e2e-rootfs", ".tar");
        String image = "e2e-volimg-" + tag + ":1";
        try {
            Files.write(rootfs, Tarballs.busyboxRootfs());
            docker("import", "--change", "VOLUME /etc", "--change", "CMD [\"sh\"]", rootfs.toString(), image).ok();
            String c = container("img");
            assertTrue(docker("run", "--name", c, "--network", "none", image, "cat", "/etc/passwd").ok().out()
                    .startsWith("root:"));
            String mount = docker("inspect", "-f", "{{range .Mounts}}{{.Type}} {{.Destination}} {{.Name}}{{end}}", c)
                    .ok().trimmed();
            assertTrue(mount.startsWith("volume /etc "), mount);
            String anonymous = mount.substring("volume /etc ".length());
            assertEquals("passwd", docker("run", "--rm", "--network", "none", "-v", anonymous + ":/v", "busybox",
                    "ls", "/v").ok().trimmed());
            docker("rm", "-v", c).ok();
            eventually(() -> docker("volume", "inspect", anonymous).exit() != 0, "rm -v removes it");
        } finally {
            docker("rmi", "-f", image);
            Files.deleteIfExists(rootfs);
        }
    }

    private static void eventually(BooleanSupplier condition, String what) {
        for (int attempt = 0; attempt < 50; attempt++) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not within 10 s: " + what);
    }
}
