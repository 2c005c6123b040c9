package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exec over the Engine API as dockerd serves it to docker-py and docker-java (moby daemon/exec.go and
 * router/container/exec.go): exec inspect's ProcessConfig and DetachKeys, the start request's Tty deciding raw or
 * multiplexed output, {@code Detach: true}, detach keys on an interactive TTY, and the working directory.
 */
class ExecConformanceTest {
    private final String name = "e2e-xc-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeLeftovers() {
        docker("rm", "-f", name);
    }

    private void runSleeper(String... options) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "-d", "--name", name,
                "--network", "none"));
        args.addAll(java.util.List.of(options));
        args.addAll(java.util.List.of("busybox", "sleep", "1000"));
        docker(args.toArray(String[]::new)).ok();
    }

    private String createExec(String body) throws Exception {
        RawDocker.Response r = RawDocker.call("POST", "/containers/" + name + "/exec", body);
        assertEquals(201, r.status(), r.text());
        return r.json().path("Id").asText();
    }

    private JsonNode inspect(String execId) throws Exception {
        RawDocker.Response r = RawDocker.call("GET", "/exec/" + execId + "/json", null);
        assertEquals(200, r.status(), r.text());
        return r.json();
    }

    @Test
    void inspectShowsTheProcessConfigAsDockerd() throws Exception {
        runSleeper("-u", "1:1");
        String id = createExec("{\"Cmd\":[\"sleep\",\"7\"],\"Tty\":true,\"DetachKeys\":\"ctrl-a,x\"}");
        JsonNode x = inspect(id);
        JsonNode pc = x.path("ProcessConfig");
        assertTrue(pc.path("tty").asBoolean(false), x.toString());
        assertEquals("sleep", pc.path("entrypoint").asText(), x.toString());
        assertEquals("[\"7\"]", pc.path("arguments").toString(), x.toString());
        assertTrue(pc.path("privileged").isBoolean() && !pc.path("privileged").asBoolean(), x.toString());
        // no User on the exec: dockerd keeps the container's
        assertEquals("1:1", pc.path("user").asText(), x.toString());
        // dockerd keeps the parsed keys ([]byte, so base64 in JSON): ctrl-a, 'x'
        assertEquals("AXg=", x.path("DetachKeys").asText(), x.toString());
        assertEquals(false, x.path("Running").asBoolean(true), x.toString());

        String plain = createExec("{\"Cmd\":[\"true\"],\"User\":\"0\"}");
        JsonNode y = inspect(plain);
        assertEquals("0", y.path("ProcessConfig").path("user").asText(), y.toString());
        assertEquals(false, y.path("ProcessConfig").path("tty").asBoolean(true), y.toString());
        assertEquals("", y.path("DetachKeys").asText("?"), y.toString());
    }

    @Test
    void invalidDetachKeysFailTheCreateWithDockerdsMessage() throws Exception {
        runSleeper();
        RawDocker.Response r = RawDocker.call("POST", "/containers/" + name + "/exec",
                "{\"Cmd\":[\"true\"],\"DetachKeys\":\"ctrl-1\"}");
        // dockerd returns this one as a plain error (a 500), with this message
        assertEquals(500, r.status(), r.text());
        assertEquals("Invalid escape keys (ctrl-1) provided", r.json().path("message").asText(), r.text());
    }

    @Test
    void theStartRequestsTtyDecidesRawOrMultiplexedOutput() throws Exception {
        runSleeper();
        String body = "{\"Cmd\":[\"echo\",\"hi\"],\"Tty\":true,\"AttachStdout\":true,\"AttachStderr\":true}";
        // with Tty on start: raw, both without and with an upgrade
        RawDocker.Response plain = RawDocker.call("POST", "/exec/" + createExec(body) + "/start",
                "{\"Tty\":true}", 30_000);
        assertTrue(plain.head().startsWith("HTTP/1.1 200"), plain.head());
        assertEquals("hi\r\n", plain.text(), plain.head());
        try (RawDocker up = RawDocker.open("POST", "/exec/" + createExec(body) + "/start", "{\"Tty\":true}", true)) {
            RawDocker.Response r = up.read(30_000);
            assertTrue(r.head().startsWith("HTTP/1.1 101"), r.head());
            assertEquals("application/vnd.docker.raw-stream", r.header("Content-Type"), r.head());
            assertEquals("hi\r\n", r.text(), r.head());
        }
        // a TTY-less exec started with Tty: raw stdout, and dockerd drops its stderr
        String both = "{\"Cmd\":[\"sh\",\"-c\",\"echo out; echo err >&2\"],\"AttachStdout\":true,"
                + "\"AttachStderr\":true}";
        assertEquals("out\n", RawDocker.call("POST", "/exec/" + createExec(both) + "/start", "{\"Tty\":true}", 30_000)
                .text());
        // a TTY exec started without Tty: dockerd frames it (all of it on stdout)
        try (RawDocker up = RawDocker.open("POST", "/exec/" + createExec(body) + "/start", "{}", true)) {
            RawDocker.Response r = up.read(30_000);
            assertEquals("application/vnd.docker.multiplexed-stream", r.header("Content-Type"), r.head());
            assertEquals("hi\r\n", RawDocker.demux(r.body())[0], r.head());
        }
    }

    @Test
    void aDetachedStartAnswersAtOnceAndTheProcessRunsOn() throws Exception {
        runSleeper();
        String id = createExec("{\"Cmd\":[\"sh\",\"-c\",\"sleep 2; exit 3\"]}");
        long t0 = System.nanoTime();
        RawDocker.Response r = RawDocker.call("POST", "/exec/" + id + "/start", "{\"Detach\":true}");
        assertEquals(200, r.status(), r.text());
        assertEquals("", r.text());
        assertTrue(System.nanoTime() - t0 < 1_900_000_000L, "answered before the process ended");
        JsonNode running = inspect(id);
        assertTrue(running.path("Running").asBoolean(false), running.toString());
        assertTrue(running.path("Pid").asInt() > 0, running.toString());
        JsonNode done = running;
        for (int i = 0; i < 100 && done.path("Running").asBoolean(true); i++) {
            RawDocker.sleep(100);
            done = inspect(id);
        }
        assertEquals(false, done.path("Running").asBoolean(true), done.toString());
        assertEquals(3, done.path("ExitCode").asInt(), done.toString());
    }

    @Test
    void detachKeysEndAnInteractiveTtyExecsConnectionWhileItRunsOn() throws Exception {
        runSleeper();
        String body = "{\"Cmd\":[\"cat\"],\"Tty\":true,\"AttachStdin\":true,\"AttachStdout\":true%s}";
        assertDetaches(createExec(String.format(body, "")), new byte[] {'a', 'b', 16, 17});
        assertDetaches(createExec(String.format(body, ",\"DetachKeys\":\"ctrl-a,x\"")), new byte[] {'a', 'b', 1, 'x'});
    }

    private void assertDetaches(String id, byte[] input) throws Exception {
        try (RawDocker up = RawDocker.open("POST", "/exec/" + id + "/start", "{\"Tty\":true}", true)) {
            assertTrue(up.read(1_000).head().startsWith("HTTP/1.1 101"));
            up.write(input);
            RawDocker.Response r = up.read(15_000);
            assertTrue(r.closed(), "the detach keys end the connection");
        }
        JsonNode x = inspect(id);
        assertTrue(x.path("Running").asBoolean(false), "the exec runs on after the detach: " + x);
        docker("exec", name, "pkill", "cat");
    }

    @Test
    void theWorkingDirectoryIsTheContainersUnlessGiven() {
        runSleeper("-w", "/srv/app");
        assertEquals("/srv/app", docker("exec", name, "pwd").ok().trimmed());
        assertEquals("/tmp", docker("exec", "-w", "/tmp", name, "pwd").ok().trimmed());
        DockerCli.Result missing = docker("exec", "-w", "/no/such/dir", name, "pwd");
        assertEquals(127, missing.exit(), missing.out() + missing.err());
        assertTrue((missing.out() + missing.err()).contains("chdir"), missing.out() + missing.err());
    }

    @Test
    void withoutAWorkingDirectoryAnExecRunsInTheRoot() {
        runSleeper();
        assertEquals("/", docker("exec", name, "pwd").ok().trimmed());
        assertArrayEquals("/\n".getBytes(StandardCharsets.UTF_8), docker("exec", name, "pwd").ok().out()
                .getBytes(StandardCharsets.UTF_8));
    }
}
