package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's unpacked layers go with the last image that needs them, as dockerd's do: a layer a removed image
 * alone had is deleted by the node's sweep ({@code ./berth test} runs it every 3 s, for layers 2 s old), while the
 * base image's layer, which other images still need, stays.
 */
class NodeLayerSweepTest {
    private static final Path LAYERS = Path.of(System.getenv().getOrDefault("BERTH_DATA", "/var/lib/berth"))
            .resolve("runtime/layers");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRemovedImagesOwnLayerLeavesTheNode() throws Exception {
        String image = "e2e-sweep-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN echo " + image + " > /own\n");
        docker("build", "-t", image, dir.toString()).ok();
        assertEquals(image, docker("run", "--rm", image, "cat", "/own").ok().trimmed());
        List<String> dirs = layerDirs(image);
        String base = dirs.get(0);
        String own = dirs.get(dirs.size() - 1);
        assertTrue(Files.isDirectory(LAYERS.resolve(own)), "the run unpacked the image's own layer " + own);

        docker("rmi", image).ok();
        long end = System.currentTimeMillis() + 30_000;
        while (Files.exists(LAYERS.resolve(own)) && System.currentTimeMillis() < end) {
            Thread.sleep(500);
        }
        assertFalse(Files.exists(LAYERS.resolve(own)), "the removed image's own layer is still on the node");
        assertTrue(Files.isDirectory(LAYERS.resolve(base)), "busybox's layer, still needed, stays");
        assertEquals("ok", docker("run", "--rm", "busybox", "echo", "ok").ok().trimmed());
    }

    /** The node's directory names of the image's layers, bottom first (short chain ids). */
    private static List<String> layerDirs(String image) throws Exception {
        List<String> dirs = new ArrayList<>();
        String chain = null;
        for (var diffId : JSON.readTree(docker("image", "inspect", "-f", "{{json .RootFS.Layers}}", image).ok()
                .trimmed())) {
            chain = chain == null ? diffId.asText() : "sha256:" + HexFormat.of().formatHex(MessageDigest
                    .getInstance("SHA-256").digest((chain + " " + diffId.asText()).getBytes(StandardCharsets.UTF_8)));
            dirs.add(chain.substring(7, 23));
        }
        return dirs;
    }
}
