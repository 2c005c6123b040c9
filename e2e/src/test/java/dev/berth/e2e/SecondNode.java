package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second runtime node of the instance under test, on this machine, as {@code BERTH_NODES=2 ./berth up} starts it
 * (pid file {@code runtime-node-2.pid}, name {@code <first node's name>-2}, directories under {@code nodes/2}).
 */
final class SecondNode {
    static final String PROCESS = "runtime-node-2";

    private SecondNode() {
    }

    static String firstName() {
        return System.getenv().getOrDefault("BERTH_NODE_NAME",
                docker("info", "--format", "{{.Name}}").ok().trimmed());
    }

    static String name() {
        return firstName() + "-2";
    }

    /** Its runc root: the containers it runs, whatever the database says. */
    static Path runcRoot() {
        return Path.of(System.getenv().getOrDefault("BERTH_RUN", "/run/berth"), "nodes", "2", "runtime", "runc");
    }

    /** The containers runc runs under {@code root}. */
    static List<String> runcIds(Path root) throws Exception {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Process p = new ProcessBuilder("runc", "--root", root.toString(), "list", "-q").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(10, TimeUnit.SECONDS);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** Starts it with the berth script unless it runs, and waits until the first node lists it ready. */
    static void ensure() throws Exception {
        if (BuildWorkers.livePid(PROCESS) == null) {
            BerthUp.with(java.util.Map.of("BERTH_NODES", "2"), 180);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String wanted = name() + " Ready";
        while (!docker("node", "ls", "--format", "{{.Hostname}} {{.Status}}").ok().out().lines()
                .anyMatch(wanted::equals)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("node " + name() + " is not listed ready");
            }
            Thread.sleep(500);
        }
        Thread.sleep(2500); // the first node reads the other nodes' addresses once per heartbeat (2 s)
    }

    /** Stops it as ./berth down would (SIGTERM by pid file), then removes its node row (it would only go down). */
    static void stop() throws Exception {
        stopProcess(PROCESS);
        docker("node", "rm", "--force", name());
        awaitAlone();
    }

    /**
     * Until the first node is the only ready one: a stopped node's row stays ready until the watch finds it silent,
     * and meanwhile `docker ps` would name containers node/name for the test classes that follow.
     */
    static void awaitAlone() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (docker("node", "ls", "--format", "{{.Status}}").out().lines().filter("Ready"::equals).count() > 1
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        Thread.sleep(2500); // the nodes read the node table once per heartbeat (2 s)
    }

    /** Stops an extra node's process of this instance ({@code runtime-node-K}) by its pid file, as `down` would. */
    static void stopProcess(String process) throws Exception {
        Long pid = BuildWorkers.livePid(process);
        if (pid != null) {
            ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
            handle.destroy();
            handle.onExit().get(30, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(BuildWorkers.pidDir().resolve(process + ".pid"));
    }

    /**
     * A call that may fail at first, tried every 500 ms for 10 s: a node learns of a container on another node from
     * network-service's event, or within 5 s.
     */
    static DockerCli.Result eventually(java.util.function.Supplier<DockerCli.Result> call)
            throws InterruptedException {
        DockerCli.Result last = call.get();
        for (int i = 0; i < 20 && last.exit() != 0; i++) {
            Thread.sleep(500);
            last = call.get();
        }
        return last;
    }
}
