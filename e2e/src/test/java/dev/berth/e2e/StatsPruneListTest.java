package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docker stats, docker ps -s and its filters, docker container prune, docker builder prune. */
class StatsPruneListTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String a = "e2e-sp-a-" + tag;
    private final String b = "e2e-sp-b-" + tag;
    private final String c = "e2e-sp-c-" + tag;

    @AfterEach
    void removeLeftovers() {
        docker("rm", "-f", a, b, c);
    }

    @Test
    void statsShowCpuMemoryAndPidsFromTheCgroup() throws Exception {
        docker("run", "-d", "--name", a, "--network", "none", "busybox", "sh", "-c",
                "dd if=/dev/zero of=/dev/null & sleep 1000").ok();
        DockerCli.Result table = docker("stats", "--no-stream", "--format",
                "{{.Name}}|{{.CPUPerc}}|{{.MemUsage}}|{{.PIDs}}|{{.NetIO}}|{{.BlockIO}}", a).ok();
        String[] f = table.trimmed().split("\\|");
        assertEquals(a, f[0], table.out());
        assertTrue(Double.parseDouble(f[1].replace("%", "")) > 1.0, "a busy process shows CPU: " + table.out());
        assertFalse(f[2].startsWith("0B"), "memory in use: " + table.out());
        assertEquals("2", f[3], "dd and sleep (sh execs the last command): " + table.out());
        assertEquals("0B / 0B", f[4], "no network: " + table.out());
        // stopping the container ends nothing badly: stats of a stopped container are zero
        docker("stop", "-t", "0", a).ok();
        DockerCli.Result stopped = docker("stats", "--no-stream", "--format", "{{.PIDs}}", a);
        assertEquals(0, stopped.exit(), stopped.err());
        assertEquals("0", stopped.trimmed());
    }

    @Test
    void psFiltersSizesAndLimits() {
        docker("create", "--name", a, "--network", "none", "--label", "grp=" + tag, "busybox", "true").ok();
        docker("run", "--name", b, "--network", "none", "--label", "grp=" + tag, "busybox", "sh", "-c",
                "dd if=/dev/zero of=/big bs=1024 count=300 2>/dev/null; exit 3");
        docker("run", "-d", "--name", c, "--network", "none", "--label", "grp=" + tag, "--label", "other=1",
                "busybox", "sleep", "1000").ok();
        String grp = "label=grp=" + tag;
        assertEquals(List.of(c, b, a), names("-a", "--filter", grp));
        assertEquals(List.of(c), names("--filter", grp));
        assertEquals(List.of(b), names("-a", "--filter", grp, "--filter", "exited=3"));
        assertEquals(List.of(a), names("-a", "--filter", grp, "--filter", "status=created"));
        assertEquals(List.of(c), names("-a", "--filter", grp, "--filter", "label=other"));
        assertEquals(List.of(a), names("-a", "--filter", grp, "--filter", "before=" + b));
        assertEquals(List.of(c, b), names("-a", "--filter", grp, "--filter", "since=" + a));
        assertEquals(List.of(b), names("-a", "--filter", grp, "--filter", "name=" + b));
        assertEquals(List.of(c, b, a), names("-a", "--filter", grp, "--filter", "ancestor=busybox"));
        assertEquals(List.of(c), names("-l", "--filter", grp));
        assertEquals(List.of(c, b), names("-n", "2", "--filter", grp));
        String id = docker("inspect", "-f", "{{.Id}}", b).ok().trimmed();
        assertEquals(List.of(b), names("-a", "--filter", "id=" + id.substring(0, 10)));
        assertEquals(id, docker("ps", "-a", "--no-trunc", "-q", "--filter", "name=" + b).ok().trimmed());
        DockerCli.Result bad = docker("ps", "--filter", "status=sleepy");
        assertNotEquals(0, bad.exit());
        assertTrue(bad.err().contains("invalid filter 'status=sleepy'"), bad.err());
        // sizes: the 300 KiB the container wrote count in SizeRw, the image in SizeRootFs
        String size = docker("ps", "-a", "-s", "--filter", "name=" + b, "--format", "{{.Size}}").ok().trimmed();
        assertTrue(size.matches("3[0-9][0-9]kB \\(virtual [0-9.]+MB\\)"), size);
    }

    @Test
    void containerPruneRemovesStoppedOnesByLabelAndBuilderPruneAnswers() {
        docker("create", "--name", a, "--network", "none", "--label", "prune=" + tag, "busybox", "true").ok();
        docker("run", "--name", b, "--network", "none", "--label", "prune=" + tag, "busybox", "sh", "-c",
                "dd if=/dev/zero of=/big bs=1024 count=100 2>/dev/null").ok();
        docker("run", "-d", "--name", c, "--network", "none", "--label", "prune=" + tag, "busybox", "sleep", "1000").ok();
        String keep = "e2e-sp-keep-" + tag;
        docker("create", "--name", keep, "--network", "none", "busybox", "true").ok();
        try {
            DockerCli.Result pruned = docker("container", "prune", "-f", "--filter", "label=prune=" + tag).ok();
            String idA = docker("inspect", "-f", "{{.Id}}", c).ok().trimmed();
            assertFalse(pruned.out().contains(idA), "a running container stays");
            assertTrue(pruned.out().contains("Total reclaimed space: 10"), pruned.out());
            assertEquals(List.of(c), names("-a", "--filter", "label=prune=" + tag));
            assertEquals(0, docker("inspect", keep).exit(), "containers without the label stay");
            DockerCli.Result future = docker("container", "prune", "-f", "--filter", "until=1h").ok();
            assertEquals(0, docker("inspect", keep).exit(), "until=1h keeps what is younger: " + future.out());
            assertTrue(CopyDiffExportTest.waitForEventOfType("container", "prune"), "prune event");
            DockerCli.Result builder = docker("builder", "prune", "-f").ok();
            assertTrue(builder.out().contains("Total:") || builder.out().contains("reclaimed"), builder.out());
        } finally {
            docker("rm", "-f", keep);
        }
    }

    private static List<String> names(String... args) {
        String[] argv = new String[args.length + 3];
        argv[0] = "ps";
        System.arraycopy(args, 0, argv, 1, args.length);
        argv[args.length + 1] = "--format";
        argv[args.length + 2] = "{{.Names}}";
        return docker(argv).ok().out().lines().toList();
    }
}
