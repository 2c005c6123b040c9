package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Legacy links on the default bridge as Docker 29 has them (moby daemon/links.go, delete.go rmLink): the alias in
 * the parent's {@code /etc/hosts}, no link environment variables (dockerd sets them only with
 * DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1 since v29), and {@code docker rm --link parent/alias}.
 */
class LegacyLinksTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String target = "e2e-lt-" + suffix;
    private final String parent = "e2e-lp-" + suffix;

    @AfterEach
    void remove() {
        docker("rm", "-f", parent, target);
    }

    @Test
    void aLinkNamesTheTargetInHostsAndRmLinkRemovesIt() throws Exception {
        docker("run", "-d", "--name", target, "-e", "FOO=bar", "--expose", "80", "busybox", "sleep", "1000").ok();
        docker("run", "-d", "--name", parent, "--link", target + ":db", "busybox", "sleep", "1000").ok();
        String ip = docker("inspect", "-f", "{{.NetworkSettings.Networks.bridge.IPAddress}}", target).ok().trimmed();
        String hosts = docker("exec", parent, "cat", "/etc/hosts").ok().out();
        assertTrue(hosts.lines().anyMatch(l -> l.startsWith(ip + "\t") && l.contains("db ")), hosts);
        String env = docker("exec", parent, "env").ok().out();
        assertFalse(env.contains("DB_NAME=") || env.contains("DB_PORT") || env.contains("DB_ENV_FOO"), env);

        docker("rm", "--link", parent + "/db").ok();
        String after = docker("exec", parent, "cat", "/etc/hosts").ok().out();
        assertFalse(after.lines().anyMatch(l -> l.contains("db ")), after);
        assertFalse(docker("inspect", "-f", "{{.HostConfig.Links}}", parent).ok().out().contains("db"));
        docker("restart", "-t", "0", parent).ok();
        assertFalse(docker("exec", parent, "cat", "/etc/hosts").ok().out().contains("db "));

        RawDocker.Response again = RawDocker.call("DELETE", "/containers/" + parent + "/db?link=1", null);
        assertEquals(404, again.status(), again.text());
        assertEquals("No such container: " + parent + "/db", again.json().path("message").asText());
        DockerCli.Result cli = docker("rm", "--link", parent + "/db");
        assertTrue(cli.exit() != 0 && cli.err().contains("No such container: " + parent + "/db"), cli.err());

        RawDocker.Response own = RawDocker.call("DELETE", "/containers/" + parent + "?link=1", null);
        assertEquals(500, own.status(), own.text());
        assertEquals("Conflict, cannot remove the default link name of the container",
                own.json().path("message").asText());
        assertEquals("running", docker("inspect", "-f", "{{.State.Status}}", parent).ok().trimmed());
    }
}
