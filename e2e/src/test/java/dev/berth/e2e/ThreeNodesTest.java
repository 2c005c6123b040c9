package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.compose;
import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three runtime nodes behind the one socket, as {@code BERTH_NODES=3 ./berth up} starts them (each in a network
 * namespace of its own, node 3 with label {@code storage=hdd}): {@code docker node ls} lists them; a docker-compose
 * stack is spread over them and its services find each other by name across the nodes; each placement filter picks
 * its node, and a create no node can take names each node's reason; a node cut off from the LAN loses its
 * {@code always} container to another node and, back in sight, stops its own copy without a restart; a node whose
 * runtime-service is killed with its network down does the same once it is started again (issue 17).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodesTest {
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String PROJECT = "e2e3n" + SUFFIX;
    private static final List<String> EXTRA = List.of("runtime-node-2", "runtime-node-3");
    private static final String NET_PREFIX = System.getenv().getOrDefault("BERTH_NET_PREFIX", "berth");
    private static final List<String> CREATED = new ArrayList<>();
    private static Path projectDir;
    private static String n1;
    private static String n2;
    private static String n3;

    @BeforeAll
    static void startThreeNodes() throws Exception {
        BerthUp.with(Map.of("BERTH_NODES", "3", "BERTH_NODE_3_LABELS", "berth.test=e2e,storage=hdd"), 240);
        n1 = SecondNode.firstName();
        n2 = SecondNode.name();
        n3 = n1 + "-3";
        awaitReady(Set.of(n2, n3));
        projectDir = Files.createTempDirectory("berth-3n");
    }

    @AfterAll
    static void stopExtraNodes() throws Exception {
        for (int k = 2; k <= 3; k++) {
            linkUp(k);
        }
        if (projectDir != null) {
            compose(projectDir, "-p", PROJECT, "down", "-t", "1");
        }
        if (!CREATED.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(CREATED);
            docker(rm.toArray(String[]::new));
        }
        docker("volume", "rm", "e2e3n-vol-" + SUFFIX);
        docker("image", "rm", "e2e3n-img:" + SUFFIX);
        for (String process : EXTRA) {
            SecondNode.stopProcess(process);
        }
        docker("node", "rm", "--force", n2, n3);
        SecondNode.awaitAlone();
    }

    @Test
    @Order(1)
    void aComposeStackSpreadsOverTheNodesAndItsServicesFindEachOther() throws Exception {
        assertEquals(3, docker("node", "ls", "-q").ok().out().lines().filter(l -> !l.isBlank()).count());
        Files.writeString(projectDir.resolve("docker-compose.yml"), """
                version: "3"
                services:
                  web:
                    image: busybox
                    command: sh -c "echo hello-from-web > /tmp/index.html; exec httpd -f -p 80 -h /tmp"
                  app:
                    image: busybox
                    command: sleep 1000
                    depends_on: [web]
                """);
        compose(projectDir, "-p", PROJECT, "up", "-d").ok();
        String webNode = nodeOf(PROJECT + "_web_1");
        String appNode = nodeOf(PROJECT + "_app_1");
        assertNotEquals(webNode, appNode, "spread: the second service goes to another node");

        DockerCli.Result fetched = compose(projectDir, "-p", PROJECT, "exec", "-T", "app", "wget", "-q", "-O", "-",
                "http://web/");
        for (int i = 0; i < 20 && fetched.exit() != 0; i++) { // the web node learns of app within a beat at most
            Thread.sleep(500);
            fetched = compose(projectDir, "-p", PROJECT, "exec", "-T", "app", "wget", "-q", "-O", "-", "http://web/");
        }
        assertEquals("hello-from-web", fetched.trimmed(), "app on " + appNode + " → web on " + webNode + ": "
                + fetched.err());
    }

    /** Each of classic swarm's filters, as the docker CLI sends them, picks the node it names. */
    @Test
    @Order(2)
    void eachFilterPicksItsNode() throws Exception {
        assertEquals(n3, nodeOf(run("hdd", "-e", "constraint:storage==hdd")), "constraint on a node label");
        assertEquals(n3, nodeOf(run("hdd-label", "--label", "berth.constraint.storage==hdd")), "the label form");
        assertEquals(n2, nodeOf(run("on-n2", "-e", "constraint:node==" + n2)), "constraint on the node's name");
        assertEquals(n1, nodeOf(run("not-n2-n3", "-e", "constraint:node!=" + n2, "-e", "constraint:storage!=hdd")),
                "two negative constraints leave node 1");
        assertEquals(n2, nodeOf(run("near-n2", "-e", "affinity:container==" + name("on-n2"))), "container affinity");
        docker("tag", "busybox", "e2e3n-img:" + SUFFIX).ok();
        String tagged = name("tagged");
        CREATED.add(tagged);
        docker("run", "-d", "--name", tagged, "--network", "none", "-e", "constraint:node==" + n3,
                "e2e3n-img:" + SUFFIX, "sleep", "1000").ok();
        assertEquals(n3, nodeOf(run("near-img", "-e", "affinity:image==e2e3n-img:" + SUFFIX)), "image affinity");
        assertEquals(n3, nodeOf(run("vols-from", "--volumes-from", name("hdd"))), "dependency: --volumes-from");
        assertEquals(n2, nodeOf(run("netns-of", "--network", "container:" + name("on-n2"))),
                "dependency: --network container:");

        String volume = "e2e3n-vol-" + SUFFIX;
        String writer = name("vol-writer");
        CREATED.add(writer);
        docker("run", "--name", writer, "-v", volume + ":/data", "-e", "constraint:node==" + n2, "busybox", "sh",
                "-c", "echo kept > /data/f").ok();
        String reader = name("vol-reader");
        CREATED.add(reader);
        assertEquals("kept", docker("run", "--name", reader, "-v", volume + ":/data", "busybox", "cat", "/data/f")
                .ok().trimmed(), "a named volume's data is on node 2: the next user of it goes there");
        assertEquals(n2, nodeOf(reader));

        // port: each node takes host port P once; the fourth asks for it in vain, and the refusal names each node
        int port = 18180 + (int) (Math.random() * 500);
        Set<String> portNodes = new java.util.HashSet<>();
        for (int i = 1; i <= 3; i++) {
            portNodes.add(nodeOf(run("port" + i, "-p", port + ":80")));
        }
        assertEquals(Set.of(n1, n2, n3), portNodes, "one container publishing host port " + port + " per node");
        DockerCli.Result fourth = docker("run", "-d", "--name", name("port4"), "-p", port + ":80", "busybox", "sleep",
                "1000");
        assertNotEquals(0, fourth.exit());
        for (String node : List.of(n1, n2, n3)) {
            assertTrue(fourth.err().contains(node + ": port " + port), fourth.err());
        }

        // resources: no node has a terabyte to reserve
        DockerCli.Result huge = docker("run", "-d", "--name", name("huge"), "--memory", "1024g", "busybox", "true");
        assertNotEquals(0, huge.exit());
        assertTrue(huge.err().contains("no node can take this container"), huge.err());
        for (String node : List.of(n1, n2, n3)) {
            assertTrue(huge.err().contains(node + ": resources"), huge.err());
        }
        assertFalse(docker("inspect", name("huge")).exit() == 0, "nothing is left of a refused create");
    }

    /** {@code docker container prune} through one socket prunes the stopped containers of every node. */
    @Test
    @Order(2)
    void aPruneReachesEveryNode() {
        String label = "e2e3n-prune=" + SUFFIX;
        List<String> ids = new ArrayList<>();
        for (String node : List.of(n1, n2, n3)) {
            ids.add(docker("create", "--label", label, "-e", "constraint:node==" + node, "busybox", "true").ok()
                    .trimmed());
        }
        String pruned = docker("container", "prune", "-f", "--filter", "label=" + label).ok().out();
        for (String id : ids) {
            assertTrue(pruned.contains(id), id + " in " + pruned);
            assertNotEquals(0, docker("inspect", id).exit(), id + " is gone");
        }
    }

    /**
     * A partition: node 3's link to the LAN goes down while its runtime-service runs on. Its {@code always}
     * container runs again on another node, with its network alias; a create pinned to node 3 is refused (health);
     * when the link is back, node 3 stops and removes its own copy without being restarted.
     */
    @Test
    @Order(3)
    void aNodeCutOffLosesItsAlwaysContainerAndStopsItsCopyWhenBackInSight() throws Exception {
        String network = "e2e3n-net-" + SUFFIX;
        docker("network", "create", network).ok();
        String moved = name("moved");
        String client = name("client");
        CREATED.add(moved);
        CREATED.add(client);
        String lostId = docker("run", "-d", "--name", moved, "--restart", "always", "--network", network,
                "--network-alias", "svc-" + SUFFIX, "-e", "constraint:node==~" + n3, "busybox", "sleep", "100000")
                .ok().trimmed();
        docker("run", "-d", "--name", client, "--network", network, "-e", "constraint:node==" + n1, "busybox",
                "sleep", "100000").ok();
        assertEquals(n3, nodeOf(moved));

        linkDown(3);
        try {
            cutOff(moved, lostId, client);
        } finally {
            linkUp(3);
        }
        awaitTrue(() -> !runcIds(3).contains(lostId), Duration.ofSeconds(40),
                "node 3, back in sight, stops its copy of " + moved);
        awaitReady(Set.of(n3));
        String node = nodeOf(moved);
        assertNotEquals(n3, node, "the moved copy stays where it went");
        assertEquals("running", docker("inspect", "--format", "{{.State.Status}}", moved).ok().trimmed());
    }

    /** While node 3 is cut off: its container runs elsewhere, reached by its alias; node 3 takes no create. */
    private static void cutOff(String moved, String lostId, String client) throws Exception {
        Instant cut = Instant.now();
        String node = awaitRunningAwayFrom(moved, n3, Duration.ofSeconds(60));
        System.out.println("[partition] " + moved + " ran again on " + node + " "
                + Duration.between(cut, Instant.now()).toSeconds() + " s after node 3's link went down");
        assertNotEquals(n3, node);
        DockerCli.Result pinned = docker("run", "-d", "--name", name("pinned"), "-e", "constraint:node==" + n3,
                "busybox", "true");
        assertTrue(pinned.err().contains(n3 + ": health: the node is down"), pinned.err());
        DockerCli.Result byAlias = SecondNode.eventually(() -> docker("exec", client, "ping", "-c", "1", "-W", "2",
                "svc-" + SUFFIX));
        assertEquals(0, byAlias.exit(), "the moved container keeps its alias: " + byAlias.out() + byAlias.err());

        assertTrue(runcIds(3).contains(lostId), "cut off, node 3 still runs its copy");
    }

    /**
     * Node loss: node 2's runtime-service is killed (SIGKILL) and its link goes down. Its {@code always} container
     * runs again elsewhere with the same name and a {@code reschedule} event; its no-policy container is left
     * ({@code unknown}, "Host Down"); when node 2 is started again, the copy it still ran is removed.
     */
    @Test
    @Order(4)
    void aKilledNodesAlwaysContainerRunsElsewhereAndItsCopyGoesWhenTheNodeReturns() throws Exception {
        String always = name("always");
        String once = name("once");
        CREATED.add(always);
        CREATED.add(once);
        String lostId = docker("run", "-d", "--name", always, "--restart", "always", "--network", "none", "-e",
                "constraint:node==~" + n2, "busybox", "sleep", "100000").ok().trimmed();
        String onceId = docker("run", "-d", "--name", once, "--network", "none", "-e", "constraint:node==" + n2,
                "busybox", "sleep", "100000").ok().trimmed();
        assertEquals(n2, nodeOf(always));

        ProcessHandle.of(BuildWorkers.livePid(SecondNode.PROCESS)).orElseThrow().destroyForcibly();
        linkDown(2);
        try {
            lost(always, once, lostId, onceId);
        } finally {
            linkUp(2);
        }
        String node = nodeOf(always);
        BerthUp.with(Map.of("BERTH_NODES", "3", "BERTH_NODE_3_LABELS", "berth.test=e2e,storage=hdd"), 180);
        awaitTrue(() -> !runcIds(2).contains(lostId), Duration.ofSeconds(30), "the lost copy never runs twice");
        assertEquals(node, nodeOf(always));
    }

    /** While node 2 is dead: its always container runs elsewhere; its other container is left, and says so. */
    private static void lost(String always, String once, String lostId, String onceId) throws Exception {
        Instant killed = Instant.now();
        String node = awaitRunningAwayFrom(always, n2, Duration.ofSeconds(60));
        long seconds = Duration.between(killed, Instant.now()).toSeconds();
        System.out.println("[node-loss] " + always + " ran again on " + node + " " + seconds + " s after the kill");
        assertNotEquals(n2, node);
        String newId = docker("inspect", "--format", "{{.Id}}", always).ok().trimmed();
        assertNotEquals(lostId, newId, "a new container, the same name");
        assertEquals("100000", docker("inspect", "--format", "{{index .Config.Cmd 1}}", always).ok().trimmed());
        String actions = docker("events", "--since", Long.toString(killed.getEpochSecond() - 1), "--until",
                Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=" + newId, "--format",
                "{{.Action}} {{index .Actor.Attributes \"previousId\"}}").ok().out();
        assertTrue(actions.lines().anyMatch(("reschedule " + lostId)::equals), actions);
        assertEquals(onceId, docker("inspect", "--format", "{{.Id}}", once).ok().trimmed(),
                "a container without a restart policy is not moved");
        awaitTrue(() -> docker("logs", once).err().contains("is on node " + n2 + ", which does not answer (down)"),
                Duration.ofSeconds(10), "logs of a down node's container say where it is");
        assertEquals("unknown Host Down", docker("ps", "-a", "--filter", "name=" + once, "--format",
                "{{.State}} {{.Status}}").ok().trimmed(), "ps says what classic swarm said");
        assertEquals("unknown down", docker("inspect", "--format", "{{.State.Status}} {{.Node.Status}}", once).ok()
                .trimmed());
    }

    /** {@code docker node rm --force} of a node that just stopped: no late heartbeat of it brings its row back. */
    @Test
    @Order(5)
    void aRemovedNodeStaysRemoved() throws Exception {
        SecondNode.stopProcess("runtime-node-3");
        docker("node", "rm", "--force", n3).ok();
        Instant until = Instant.now().plus(Duration.ofSeconds(5)); // two beats and more
        while (Instant.now().isBefore(until)) {
            assertFalse(docker("node", "ls", "--format", "{{.Hostname}}").ok().out().lines().anyMatch(n3::equals),
                    "node 3's row came back after its removal");
            Thread.sleep(250);
        }
        // its containers' last state is not vouched for any more; they can still be removed
        String left = name("hdd");
        awaitTrue(() -> docker("ps", "-a", "--filter", "name=" + left, "--format", "{{.State}} {{.Status}}").ok()
                .trimmed().equals("unknown Host Down"), Duration.ofSeconds(10), left + " of the removed node: unknown");
        docker("rm", "-f", left).ok();
        assertNotEquals(0, docker("inspect", left).exit());
    }

    private static String run(String shortName, String... options) {
        String name = name(shortName);
        CREATED.add(name);
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
        args.addAll(List.of(options));
        args.addAll(List.of("busybox", "sleep", "1000"));
        docker(args.toArray(String[]::new)).ok();
        return name;
    }

    private static String name(String shortName) {
        return "e2e3n-" + shortName + "-" + SUFFIX;
    }

    private static String nodeOf(String container) {
        return docker("inspect", "--format", "{{.Node.Name}}", container).ok().trimmed();
    }

    private static String awaitRunningAwayFrom(String container, String lost, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        String node = lost;
        while (node.equals(lost) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            DockerCli.Result inspect = docker("inspect", "--format", "{{.Node.Name}} {{.State.Status}}", container);
            node = inspect.exit() == 0 && inspect.trimmed().endsWith(" running") ? inspect.trimmed().split(" ")[0]
                    : lost;
        }
        return node;
    }

    private static void awaitReady(Set<String> nodes) throws Exception {
        awaitTrue(() -> docker("node", "ls", "--format", "{{.Hostname}} {{.Status}}").ok().out().lines().toList()
                .containsAll(nodes.stream().map(n -> n + " Ready").toList()), Duration.ofSeconds(60),
                nodes + " listed ready");
        Thread.sleep(2500); // each node reads the other nodes' addresses once per heartbeat (2 s)
    }

    private static void awaitTrue(BooleanSupplier condition, Duration limit, String what) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), what);
            Thread.sleep(500);
        }
    }


    private static Path runcRoot(int k) {
        return Path.of(System.getenv().getOrDefault("BERTH_RUN", "/run/berth"), "nodes", Integer.toString(k),
                "runtime", "runc");
    }

    private static List<String> runcIds(int k) {
        try {
            return SecondNode.runcIds(runcRoot(k));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Node K's side of the LAN: its veth on the host bridge ({@code <net prefix>lK}). */
    private static void linkDown(int k) {
        DockerCli.command(List.of("ip", "link", "set", NET_PREFIX + "l" + k, "down")).ok();
    }

    private static void linkUp(int k) {
        DockerCli.command(List.of("ip", "link", "set", NET_PREFIX + "l" + k, "up"));
    }
}
