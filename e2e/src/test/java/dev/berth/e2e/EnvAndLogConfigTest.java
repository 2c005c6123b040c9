package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two things clients read from a created container as dockerd writes them: {@code Config.Env} keeps a bare name
 * ({@code "Foo"}, docker-py's {@code environment={"Foo": None}}) while the process does not get it, and
 * {@code HostConfig.LogConfig.Type} is {@code json-file} by default (docker-py's {@code containers.run()} returns the
 * output only for json-file and journald). {@code --group-add} adds supplementary groups by name or number.
 */
class EnvAndLogConfigTest {
    private final String name = "e2e-env-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void remove() {
        docker("rm", "-f", name);
    }

    @Test
    void aBareEnvNameIsKeptInConfigAndUnsetInTheProcess() throws Exception {
        String body = "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\",\"echo ${Foo-unset} ${Other} [${Blank}]\"],"
                + "\"Env\":[\"Foo\",\"Other=one\",\"Blank=\"],\"HostConfig\":{\"NetworkMode\":\"none\"}}";
        String created = curl("POST", "/containers/create?name=" + name, body);
        assertTrue(created.contains("\"Id\""), created);
        assertEquals("[Foo Other=one Blank= PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin]",
                docker("inspect", "-f", "{{.Config.Env}}", name).ok().trimmed());
        docker("start", "-a", name).ok();
        assertEquals("unset one []\n", docker("logs", name).ok().out());
        assertEquals("json-file", docker("inspect", "-f", "{{.HostConfig.LogConfig.Type}}", name).ok().trimmed());
    }

    @Test
    void groupAddGivesSupplementaryGroups() {
        assertEquals("0 4242 65534\n", docker("run", "--name", name, "--network", "none", "--group-add", "nogroup",
                "--group-add", "4242", "busybox", "id", "-G").ok().out());
        docker("rm", name).ok();
        DockerCli.Result unknown = docker("run", "--name", name, "--network", "none", "--group-add", "nope",
                "busybox", "true");
        assertTrue(unknown.exit() != 0 && unknown.err().contains("Unable to find group nope"), unknown.err());
    }

    private static String curl(String method, String path, String body) throws Exception {
        String socket = DockerCli.HOST.substring("unix://".length());
        Process p = new ProcessBuilder(List.of("curl", "-s", "--max-time", "30", "--unix-socket", socket, "-X", method,
                "-H", "Content-Type: application/json", "-d", body, "http://berth" + path)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(40, TimeUnit.SECONDS) && p.exitValue() == 0, "curl failed: " + out);
        return out;
    }
}
