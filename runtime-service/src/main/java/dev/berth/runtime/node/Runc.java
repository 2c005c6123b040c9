package dev.berth.runtime.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * runc with our own state root. Only short-lived subcommands are run here (conmon runs {@code create}); none of them
 * hands its stdio to the container, so reading their output to EOF is safe.
 */
public final class Runc {
    public static final String BINARY = "/usr/sbin/runc";

    private final ProcessRunner runner;
    private final Path root;

    public Runc(ProcessRunner runner, Path root) {
        this.runner = runner;
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public void start(String id) {
        ProcessRunner.Command command = command("start", id);
        runner.run(command).orThrow(command);
    }

    /** Sends a signal (name without SIG, or number). */
    public ProcessRunner.Result kill(String id, String signal) {
        return runner.run(command("kill", id, signal));
    }

    public ProcessRunner.Result delete(String id, boolean force) {
        return force ? runner.run(command("delete", "--force", id)) : runner.run(command("delete", id));
    }

    /** Freezes the container's cgroup (freezer). */
    public void pause(String id) {
        ProcessRunner.Command command = command("pause", id);
        runner.run(command).orThrow(command);
    }

    public void resume(String id) {
        ProcessRunner.Command command = command("resume", id);
        runner.run(command).orThrow(command);
    }

    /** {@code runc update --resources <file> id}: new cgroup limits for a running container. */
    public ProcessRunner.Result update(String id, Path resourcesJson) {
        return runner.run(command("update", "--resources", resourcesJson.toString(), id));
    }

    /**
     * {@code runc state} JSON, or null when runc does not know the container: without a state directory (an exited
     * container's is removed at its exit) runc is not asked, which spares a process start on each {@code docker cp}
     * and build-step layer export of a stopped container.
     */
    public String state(String id) {
        if (!java.nio.file.Files.isDirectory(root.resolve(id))) {
            return null;
        }
        ProcessRunner.Result result = runner.run(command("state", id));
        return result.ok() ? result.stdout() : null;
    }

    ProcessRunner.Command command(String... args) {
        List<String> argv = new ArrayList<>(List.of(BINARY, "--root", root.toString()));
        argv.addAll(List.of(args));
        return ProcessRunner.Command.of(argv).withTimeout(Duration.ofSeconds(30));
    }
}
