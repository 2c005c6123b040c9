package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two runtime nodes behind the one socket (issue 17): a create placed on the second node is made there (its runc
 * runs it, the first node's does not), and every verb the docker CLI sends through the first node reaches it there:
 * logs, exec, stop, start, inspect, rm. A container on the first node still works while it has company.
 */
class TwoNodesTest {
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final Path FIRST_RUNC = Path.of(System.getenv().getOrDefault("BERTH_RUN", "/run/berth"),
            "runtime", "runc");

    @BeforeAll
    static void startSecondNode() throws Exception {
        SecondNode.ensure();
    }

    @AfterAll
    static void stopSecondNode() throws Exception {
        docker("rm", "-f", "e2e-n2-" + SUFFIX, "e2e-n1-" + SUFFIX, "e2e-web-" + SUFFIX, "e2e-app-" + SUFFIX);
        docker("network", "rm", "e2e-span-" + SUFFIX);
        SecondNode.stop();
    }

    /**
     * A user network spans the nodes its containers run on (VXLAN between the nodes' bridges): a container on the
     * second node reaches one on the first by name and back, and a port the second node's container publishes answers
     * on that node's address.
     */
    @Test
    void aUserNetworkSpansTheNodesAndAPublishedPortAnswersOnItsNode() throws Exception {
        String network = "e2e-span-" + SUFFIX;
        String web = "e2e-web-" + SUFFIX;
        String app = "e2e-app-" + SUFFIX;
        docker("network", "create", network).ok();
        docker("run", "-d", "--name", web, "--network", network, "-e", "constraint:node==" + SecondNode.firstName(),
                "busybox", "sleep", "1000").ok();
        docker("run", "-d", "--name", app, "--network", network, "-p", "18089:80", "-e",
                "constraint:node==" + SecondNode.name(), "busybox", "sh", "-c",
                "echo from-n2 > /tmp/index.html; exec httpd -f -p 80 -h /tmp").ok();
        assertEquals(SecondNode.name(), docker("inspect", "--format", "{{.Node.Name}}", app).ok().trimmed());

        DockerCli.Result there = docker("exec", app, "ping", "-c", "1", "-W", "3", web);
        assertEquals(0, there.exit(), "second node → first by name: " + there.out() + there.err());
        DockerCli.Result back = SecondNode.eventually(() -> docker("exec", web, "wget", "-q", "-O", "-",
                "http://" + app + "/"));
        assertEquals("from-n2", back.out().trim(), "first node → second by name: " + back.err());

        String nodeAddr = docker("node", "inspect", "--format", "{{.Status.Addr}}", SecondNode.name()).ok().trimmed();
        DockerCli.Result published = SecondNode.eventually(() -> DockerCli.command(List.of("curl", "-sf",
                "--max-time", "3", "http://" + nodeAddr + ":18089/")));
        assertEquals("from-n2", published.out().trim(), "published on the second node's address " + nodeAddr);
        assertEquals(nodeAddr + ":18089", docker("port", app, "80").ok().trimmed(), "docker port names that node");
    }

    @Test
    void aContainerPlacedOnTheSecondNodeRunsThereAndEveryVerbReachesIt() throws Exception {
        String name = "e2e-n2-" + SUFFIX;
        String id = docker("run", "-d", "--name", name, "--network", "none", "-e",
                "constraint:node==" + SecondNode.name(), "busybox", "sh", "-c", "echo from-n2; exec sleep 1000")
                .ok().trimmed();
        assertEquals(SecondNode.name(), docker("inspect", "--format", "{{.Node.Name}}", name).ok().trimmed());
        assertEquals(SecondNode.name() + "/" + name, docker("ps", "--filter", "name=" + name, "--format",
                "{{.Names}}").ok().trimmed(), "ps names it node/name, as classic swarm");
        assertTrue(SecondNode.runcIds(SecondNode.runcRoot()).contains(id), "the second node's runc runs it");
        assertFalse(SecondNode.runcIds(FIRST_RUNC).contains(id), "the first node's runc does not");

        assertEquals("from-n2", waitForLogs(name));
        assertEquals("hello n2", docker("exec", name, "echo", "hello", "n2").ok().trimmed()); // create, start, inspect
        assertEquals(7, docker("exec", name, "sh", "-c", "exit 7").exit());
        assertEquals("piped", DockerCli.dockerWithInput("piped\n".getBytes(), "exec", "-i", name, "cat").ok()
                .trimmed()); // a hijacked exec with stdin, through two hops
        docker("stop", "-t", "1", name).ok();
        assertEquals("exited", docker("inspect", "--format", "{{.State.Status}}", name).ok().trimmed());
        docker("start", name).ok();
        assertEquals("running", docker("inspect", "--format", "{{.State.Status}}", name).ok().trimmed());
        docker("rm", "-f", name).ok();
        assertFalse(SecondNode.runcIds(SecondNode.runcRoot()).contains(id), "removed on its node");
        assertEquals("", docker("ps", "-a", "-q", "--filter", "id=" + id).ok().trimmed());
    }

    @Test
    void aContainerOnTheFirstNodeWorksWhileItHasCompany() throws Exception {
        String name = "e2e-n1-" + SUFFIX;
        docker("run", "-d", "--name", name, "--network", "none", "-e", "constraint:node==" + SecondNode.firstName(),
                "busybox", "sleep", "1000").ok();
        assertEquals(SecondNode.firstName(), docker("inspect", "--format", "{{.Node.Name}}", name).ok().trimmed());
        assertEquals("here", docker("exec", name, "echo", "here").ok().trimmed());
        assertEquals("once", docker("run", "--rm", "--network", "none", "busybox", "echo", "once").ok().trimmed());
        docker("rm", "-f", name).ok();
    }

    /** With company, a create without expressions goes where there are fewer containers (spread, the default). */
    @Test
    void aCreateWithoutExpressionsGoesToTheNodeWithFewerContainers() {
        String name = "e2e-spread-" + SUFFIX;
        Map<String, Long> before = containersPerNode();
        String first = SecondNode.firstName();
        String second = SecondNode.name();
        long onFirst = before.getOrDefault(first, 0L);
        long onSecond = before.getOrDefault(second, 0L);
        docker("create", "--name", name, "--network", "none", "busybox", "true").ok();
        try {
            String landed = docker("inspect", "--format", "{{.Node.Name}}", name).ok().trimmed();
            if (onFirst != onSecond) {
                assertEquals(onFirst < onSecond ? first : second, landed, "counts before: " + before);
            }
            assertTrue(landed.equals(first) || landed.equals(second), landed);
        } finally {
            docker("rm", "-f", name);
        }
    }

    private static Map<String, Long> containersPerNode() {
        List<String> ids = docker("ps", "-a", "-q").ok().out().lines().filter(l -> !l.isBlank()).toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<String> args = new java.util.ArrayList<>(List.of("inspect", "--format", "{{.Node.Name}}"));
        args.addAll(ids);
        return docker(args.toArray(String[]::new)).out().lines().filter(l -> !l.isBlank())
                .collect(java.util.stream.Collectors.groupingBy(l -> l, java.util.stream.Collectors.counting()));
    }

    private static String waitForLogs(String name) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            String out = docker("logs", name).ok().trimmed();
            if (!out.isEmpty()) {
                return out;
            }
            Thread.sleep(100);
        }
        return "";
    }
}
