package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docker commit of a running container: the new image has its files, its deletions and the changed CMD/ENV. */
class ContainerCommitTest {
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String name = "e2e-commit-" + tag;
    private final String image = "e2e-committed-" + tag + ":v1";

    @AfterEach
    void removeLeftovers() {
        docker("rm", "-f", name);
        docker("rmi", "-f", image);
    }

    @Test
    void commitRunsAsANewImageWithTheChanges() {
        docker("run", "-d", "--name", name, "--network", "none", "busybox", "sh", "-c",
                "echo hello from commit > /greeting && rm /bin/true && mkdir -p /opq && touch /ready && sleep 1000").ok();
        for (int i = 0; i < 100 && docker("exec", name, "test", "-e", "/ready").exit() != 0; i++) {
            // wait for the setup
        }
        String id = docker("commit", "-m", "a message", "-a", "berth e2e", "--change", "CMD [\"sh\", \"-c\", "
                + "\"cat /greeting; echo X=$X; test -e /bin/true || echo true-is-gone\"]", "--change", "ENV X=1",
                name, image).ok().trimmed();
        assertTrue(id.startsWith("sha256:"), id);
        assertEquals("running", docker("inspect", "-f", "{{.State.Status}}", name).ok().trimmed(),
                "the container was thawed after the commit");
        String out = docker("run", "--rm", "--network", "none", image).ok().out();
        assertEquals("hello from commit\nX=1\ntrue-is-gone\n", out);
        assertEquals("a message", docker("image", "inspect", "-f", "{{.Comment}}", image).ok().trimmed());
        assertEquals("berth e2e", docker("image", "inspect", "-f", "{{.Author}}", image).ok().trimmed());
        assertTrue(CopyDiffExportTest.waitForEvent(name, "commit"), "commit event");
    }

    /** dockerd records the container's image as the committed image's Parent, outside the config (docker-py). */
    @Test
    void commitRecordsTheContainersImageAsParent() throws Exception {
        String busybox = docker("image", "inspect", "-f", "{{.Id}}", "busybox").ok().trimmed();
        docker("create", "--name", name, "--network", "none", "busybox", "true").ok();
        String id = docker("commit", name, image).ok().trimmed();
        assertEquals(busybox, docker("image", "inspect", "-f", "{{.Parent}}", id).ok().trimmed());
        assertEquals(id, docker("image", "inspect", "-f", "{{.Id}}", image).ok().trimmed());
        assertEquals("", docker("image", "inspect", "-f", "{{.Parent}}", "busybox").ok().trimmed(),
                "a pulled image has none");
        JsonNode listed = RawDocker.call("GET", "/images/json?filters=" + URLEncoder.encode(
                "{\"reference\":[\"" + image + "\"]}", StandardCharsets.UTF_8), null).json();
        assertEquals(busybox, listed.path(0).path("ParentId").asText(), listed.toString());
    }
}
