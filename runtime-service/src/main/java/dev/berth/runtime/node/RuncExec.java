package dev.berth.runtime.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * An exec run by {@code runc exec} in the foreground as our own child, without conmon: the process inherits runc's
 * stdout and stderr, which are pipes to us, and runc exits with the process's code (128 + the signal when it was
 * killed). That is all an exec needs when a client is attached without stdin or TTY: its output goes to that client
 * and nowhere else. runc writes the pid file once the process started; without one, runc could not start it, its
 * message is in the log file, and what it printed on stderr is that message, not the process's output.
 */
public final class RuncExec {
    static final String PID_FILE = "pid";
    static final String LOG_FILE = "runc.log";

    private final ProcessRunner runner;
    private final Path runcRoot;

    public RuncExec(ProcessRunner runner, Path runcRoot) {
        this.runner = runner;
        this.runcRoot = runcRoot;
    }

    /**
     * A started {@code runc exec}. {@code exit} completes with the process's exit code, or exceptionally with
     * {@link ExecLauncher.ExecFailed} (runc's message) when the process never started.
     */
    public record Running(ProcessRunner.Piped process, Path pidFile, CompletableFuture<Integer> exit) {
        /** Whether runc has started the process (its pid file exists). */
        public boolean started() {
            return Files.exists(pidFile);
        }

        /** The process's pid once runc started it, else 0. */
        public int pid() {
            try {
                String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
                return text.isEmpty() ? 0 : Integer.parseInt(text);
            } catch (IOException | NumberFormatException e) {
                return 0;
            }
        }
    }

    /** Runs {@code dir/process.json} in container {@code containerId}; {@code dir} gets the pid and log files. */
    public Running start(String containerId, Path dir) throws IOException {
        Path pidFile = dir.resolve(PID_FILE);
        Path log = dir.resolve(LOG_FILE);
        ProcessRunner.Piped process = runner.startPiped(ProcessRunner.Command.of(argv(containerId, dir)).in(dir));
        CompletableFuture<Integer> exit = process.exit().thenApply(code -> {
            if (Files.exists(pidFile)) {
                return code;
            }
            throw new CompletionException(new ExecLauncher.ExecFailed(failure(log, code)));
        });
        return new Running(process, pidFile, exit);
    }

    List<String> argv(String containerId, Path dir) {
        return List.of(Runc.BINARY, "--root", runcRoot.toString(), "--log", dir.resolve(LOG_FILE).toString(),
                "--log-format", "json", "exec", "--process", dir.resolve("process.json").toString(),
                "--pid-file", dir.resolve(PID_FILE).toString(), containerId);
    }

    /** runc's error lines from its log ({@code exec failed: ...}), or its exit code when it logged none. */
    static String failure(Path log, int code) {
        String raw;
        try {
            raw = Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            raw = "";
        }
        String errors = raw.lines().filter(l -> l.contains("\"level\":\"error\"") || l.contains("\"level\":\"fatal\""))
                .collect(Collectors.joining("\n"));
        String message = Conmon.runcMessage(errors.isEmpty() ? raw : errors);
        return message.isEmpty() ? "runc exec failed (exit " + code + ")" : message;
    }
}
