package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Node loss (issue 17): the second node's runtime-service is killed (SIGKILL: no goodbye, its heartbeats just stop);
 * once the watch writes it down, its {@code always} container runs again on the first node with the same name, and
 * its {@code no}-policy container is left (inspect works, other verbs say its node is down); when the node comes back, the copy it still ran is stopped and removed.
 */
class NodeLossTest {
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String ALWAYS = "e2e-loss-always-" + SUFFIX;
    private static final String ONCE = "e2e-loss-once-" + SUFFIX;

    @AfterAll
    static void cleanUp() throws Exception {
        docker("rm", "-f", ALWAYS, ONCE);
        SecondNode.stop();
    }

    @Test
    void anAlwaysContainerOfALostNodeRunsElsewhereAndItsCopyGoesWhenTheNodeReturns() throws Exception {
        SecondNode.ensure();
        String n2 = SecondNode.name();
        // a preference (==~), not a rule: once n2 is gone the container may go elsewhere
        String lostId = docker("run", "-d", "--name", ALWAYS, "--restart", "always", "--network", "none", "-e",
                "constraint:node==~" + n2, "busybox", "sleep", "100000").ok().trimmed();
        String onceId = docker("run", "-d", "--name", ONCE, "--network", "none", "-e", "constraint:node==" + n2,
                "busybox", "sleep", "100000").ok().trimmed();
        assertEquals(n2, docker("inspect", "--format", "{{.Node.Name}}", ALWAYS).ok().trimmed());
        assertTrue(SecondNode.runcIds(SecondNode.runcRoot()).contains(lostId));

        ProcessHandle.of(BuildWorkers.livePid(SecondNode.PROCESS)).orElseThrow().destroyForcibly();
        Instant killed = Instant.now();
        Instant deadline = killed.plus(Duration.ofSeconds(60));
        String node = n2;
        while (node.equals(n2) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            DockerCli.Result inspect = docker("inspect", "--format", "{{.Node.Name}} {{.State.Status}}", ALWAYS);
            node = inspect.exit() == 0 && inspect.trimmed().endsWith(" running") ? inspect.trimmed().split(" ")[0] : n2;
        }
        long seconds = Duration.between(killed, Instant.now()).toSeconds();
        System.out.println("[node-loss] " + ALWAYS + " ran again on " + node + " " + seconds + " s after the kill");
        assertEquals(SecondNode.firstName(), node, "rescheduled on the node that is left");
        String newId = docker("inspect", "--format", "{{.Id}}", ALWAYS).ok().trimmed();
        assertFalse(newId.equals(lostId), "a new container, the same name");
        assertEquals("100000", docker("inspect", "--format", "{{index .Config.Cmd 1}}", ALWAYS).ok().trimmed());
        String actions = docker("events", "--since", Long.toString(killed.getEpochSecond() - 1), "--until",
                Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=" + newId, "--format",
                "{{.Action}} {{index .Actor.Attributes \"previousId\"}}").ok().out();
        assertTrue(actions.lines().anyMatch(("reschedule " + lostId)::equals), actions);
        assertEquals(onceId, docker("inspect", "--format", "{{.Id}}", ONCE).ok().trimmed(),
                "a container without a restart policy is not moved");

        // the other container is left where it was: inspect answers from its row, its verbs say where it is
        Instant told = Instant.now().plus(Duration.ofSeconds(10));
        DockerCli.Result logs = docker("logs", ONCE);
        while (logs.exit() == 0 && Instant.now().isBefore(told)) { // each node learns of a down node within a beat
            Thread.sleep(250);
            logs = docker("logs", ONCE);
        }
        assertTrue(logs.err().contains("is on node " + n2 + ", which does not answer (down)"), logs.err());
        assertEquals("unknown Host Down", docker("ps", "-a", "--filter", "name=" + ONCE, "--format",
                "{{.State}} {{.Status}}").ok().trimmed(), "ps says what classic swarm said");
        assertEquals("unknown down", docker("inspect", "--format", "{{.State.Status}} {{.Node.Status}}", ONCE).ok()
                .trimmed());

        SecondNode.ensure(); // the node comes back: the copy it still ran has no row any more
        Instant back = Instant.now().plus(Duration.ofSeconds(20)); // its start-up sweep runs beside readiness
        while (SecondNode.runcIds(SecondNode.runcRoot()).contains(lostId) && Instant.now().isBefore(back)) {
            Thread.sleep(250);
        }
        assertFalse(SecondNode.runcIds(SecondNode.runcRoot()).contains(lostId), "the lost copy never runs twice");
        assertEquals(SecondNode.firstName(), docker("inspect", "--format", "{{.Node.Name}}", ALWAYS).ok().trimmed());
    }
}
