package dev.berth.runtime.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Launches conmon, the per-container shim (see shared/notes/runtime-node.md §3). conmon runs {@code runc create};
 * the caller runs {@code runc start} after {@link #launch} returned the pid. The sync pipe is conmon's fd 3,
 * made by {@code sh} from our stdout pipe; we read exactly one line from it and never wait for its EOF.
 */
public final class Conmon {
    /** Debian's conmon; {@code berth up} builds a lean one and passes it as {@code berth.conmon} (infra/conmon). */
    public static final String DEFAULT_BINARY = "/usr/bin/conmon";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long LOG_SIZE_MAX = 64L * 1024 * 1024;

    private final ProcessRunner runner;
    private final NodePaths paths;
    private final KernelFiles kernel;
    private final FifoPool fifos;
    private final String binary;

    public Conmon(ProcessRunner runner, NodePaths paths, KernelFiles kernel, FifoPool fifos) {
        this(runner, paths, kernel, fifos, DEFAULT_BINARY);
    }

    public Conmon(ProcessRunner runner, NodePaths paths, KernelFiles kernel, FifoPool fifos, String binary) {
        this.binary = binary;
        this.runner = runner;
        this.paths = paths;
        this.kernel = kernel;
        this.fifos = fifos;
    }

    /**
     * @param logSizeMax     conmon's own limit of ctr.log (it truncates beyond; rotation happens well before)
     * @param leaveStdinOpen keep the container's stdin open when an attached client goes (all but {@code StdinOnce}
     *                       without a TTY, as dockerd)
     */
    public record Options(String id, String name, Path bundle, boolean stdin, boolean tty, long logSizeMax,
            boolean leaveStdinOpen, boolean keepLog) {
        public Options(String id, String name, Path bundle, boolean stdin, boolean tty) {
            this(id, name, bundle, stdin, tty, LOG_SIZE_MAX, false, true);
        }
    }

    /** Starts conmon (and so {@code runc create}); returns the container's pid. */
    public int launch(Options options) {
        ProcessRunner.Command command = ProcessRunner.Command.of(argv(options))
                .in(options.bundle())
                .withEnv(Map.of("_OCI_SYNCPIPE", "3"))
                .withTimeout(Duration.ofSeconds(60));
        Path sync = options.bundle().resolve("syncpipe");
        try {
            fifos.place(List.of(sync)); // a spare FIFO, not a mkfifo process
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot make the sync FIFO of " + options.id(), e);
        }
        ProcessRunner.SyncResult result = runner.startAndReadLine(command, sync,
                options.bundle().resolve("conmon.stderr"));
        return parseSync(result);
    }

    List<String> argv(Options o) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" 3>&1 >/dev/null", "sh", binary,
                "--api-version", "1",
                "-c", o.id(), "-u", o.id(), "-n", o.name(),
                "-r", Runc.BINARY, "--runtime-arg", "--root", "--runtime-arg", paths.runcRoot().toString(),
                "-b", o.bundle().toString(),
                "-p", o.bundle().resolve("pidfile").toString(),
                "-P", o.bundle().resolve("conmon.pid").toString(),
                "--persist-dir", o.bundle().toString(),
                "--exit-dir", paths.exits().toString(),
                "--socket-dir-path", paths.sockets().toString(),
                "--syslog"));
        if (o.keepLog()) {
            argv.addAll(List.of("-l", "k8s-file:" + o.bundle().resolve("ctr.log"),
                    "--log-size-max", Long.toString(o.logSizeMax())));
        } else {
            argv.addAll(List.of("-l", "none")); // --log-driver none: the output only goes to attached clients
        }
        if (o.stdin()) {
            argv.add("-i");
            if (o.leaveStdinOpen()) {
                argv.add("--leave-stdin-open");
            }
        }
        if (o.tty()) {
            argv.add("-t");
        }
        return argv;
    }

    public record ExecOptions(String containerId, String execId, String name, Path dir, boolean stdin,
            boolean tty) {
    }

    /**
     * conmon for an exec (§3 of the node notes): its own directory as bundle, exit dir (the exit file is named
     * after the container id) and log; {@code --exec-attach} so that runc exec waits until we connected the attach
     * socket. The sync (fd 3), attach (fd 4) and start (fd 5) pipes are FIFOs in the exec directory.
     */
    public List<String> execArgv(ExecOptions o) {
        Path dir = o.dir();
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c",
                "exec \"$@\" 3>" + dir.resolve("syncpipe") + " 4>" + dir.resolve("attachpipe") + " 5<"
                        + dir.resolve("startpipe") + " >/dev/null",
                "sh", binary,
                "--api-version", "1",
                "-c", o.containerId(), "-u", o.execId(), "-n", o.name(),
                "-r", Runc.BINARY, "--runtime-arg", "--root", "--runtime-arg", paths.runcRoot().toString(),
                "-b", dir.toString(),
                "-p", dir.resolve("pidfile").toString(),
                "-P", dir.resolve("conmon.pid").toString(),
                "--exit-dir", dir.toString(),
                "--socket-dir-path", paths.sockets().toString(),
                "-l", "k8s-file:" + dir.resolve("exec.log"),
                "--log-size-max", Long.toString(LOG_SIZE_MAX),
                "--syslog",
                "--exec", "--exec-attach", "--exec-process-spec", dir.resolve("process.json").toString()));
        if (o.stdin()) {
            argv.add("-i");
        }
        if (o.tty()) {
            argv.add("-t");
        }
        return argv;
    }

    public static Map<String, String> execEnv() {
        return Map.of("_OCI_SYNCPIPE", "3", "_OCI_ATTACHPIPE", "4", "_OCI_STARTPIPE", "5");
    }

    /** One sync message: {"data": N[, "message": "..."]}; N, or throws with runc's message when N < 0 for a pid. */
    public static int syncData(String line) {
        try {
            return JSON.readTree(line).path("data").asInt(Integer.MIN_VALUE);
        } catch (IOException e) {
            return Integer.MIN_VALUE;
        }
    }

    public static String syncMessage(String line) {
        try {
            return runcMessage(JSON.readTree(line).path("message").asText(""));
        } catch (IOException e) {
            return line;
        }
    }

    static int parseSync(ProcessRunner.SyncResult result) {
        if (result.line() == null || result.line().isBlank()) {
            throw new IllegalStateException("conmon exited (" + result.exitCode() + ") without reporting a pid: "
                    + result.stderr().strip());
        }
        JsonNode node;
        try {
            node = JSON.readTree(result.line());
        } catch (IOException e) {
            throw new IllegalStateException("conmon sent an unreadable sync message: " + result.line());
        }
        int pid = node.path("data").asInt(-1);
        if (pid <= 0) {
            String message = node.path("message").asText("");
            throw new IllegalStateException(message.isBlank()
                    ? "runc create failed: " + result.stderr().strip()
                    : runcMessage(message));
        }
        return pid;
    }

    /** runc's stderr (JSON or logfmt log lines) as plain text. */
    public static String message(String raw) {
        return runcMessage(raw == null ? "" : raw);
    }

    /** runc's JSON log lines ({"level":"error","msg":"..."}) become their msg. */
    static String runcMessage(String raw) {
        StringBuilder out = new StringBuilder();
        for (String line : raw.split("\n")) {
            String text = line.strip();
            if (text.startsWith("{")) {
                try {
                    JsonNode n = JSON.readTree(text);
                    text = n.path("msg").asText(text);
                } catch (IOException ignored) {
                    // keep as is
                }
            }
            java.util.regex.Matcher logfmt = java.util.regex.Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"")
                    .matcher(text);
            if (logfmt.find()) {
                text = logfmt.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            if (!text.isEmpty()) {
                out.append(out.length() > 0 ? "; " : "").append(text);
            }
        }
        return out.toString();
    }

    /** True when the conmon recorded in {@code <bundle>/conmon.pid} still runs for this container. */
    public boolean alive(String id) {
        try {
            Path pidFile = paths.bundle(id).resolve("conmon.pid");
            if (!Files.exists(pidFile)) {
                return false;
            }
            String pid = Files.readString(pidFile).strip();
            if (pid.isEmpty()) {
                return false;
            }
            return kernel.read(Path.of("/proc", pid, "cmdline")).map(cmd -> cmd.replace('\0', ' '))
                    .filter(cmd -> cmd.contains("conmon") && cmd.contains(id)).isPresent();
        } catch (IOException e) {
            return false;
        }
    }
}
