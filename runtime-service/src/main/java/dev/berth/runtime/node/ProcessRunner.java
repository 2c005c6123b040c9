package dev.berth.runtime.node;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one seam between the service and the host: every host command (runc, conmon, mount, mknod, setfattr...) goes
 * through it, so the layers above can be unit-tested with {@link RecordingProcessRunner}.
 */
public interface ProcessRunner {

    /** Runs a command to completion and captures its output. Never use it for commands that keep a pipe open. */
    Result run(Command command);

    /**
     * Starts a command whose stdout is the sync pipe {@code fifo} (a FIFO the caller placed: see HostProcessRunner):
     * reads ONE line from it, waits for the started process (which daemonises) to exit, and returns that line
     * without ever reading the pipe to EOF. stdin is /dev/null and stderr goes to {@code stderrFile}.
     */
    SyncResult startAndReadLine(Command command, Path fifo, Path stderrFile);

    /**
     * Starts a process that lives on and talks to us through files (conmon for an exec: FIFOs in its directory), and
     * returns at once: stdin is /dev/null, stdout is discarded, stderr goes to {@code stderrFile}.
     *
     * @throws IOException when it cannot be started at all
     */
    Started start(Command command, Path stderrFile) throws IOException;

    /**
     * Starts a process whose stdout and stderr are pipes to us (stdin is /dev/null), and returns at once; the caller
     * must read both streams to their end.
     *
     * @throws IOException when it cannot be started at all
     */
    Piped startPiped(Command command) throws IOException;

    /** A process from {@link #startPiped}: its two output streams and its exit code. */
    interface Piped extends Started {
        java.io.InputStream stdout();

        java.io.InputStream stderr();

        java.util.concurrent.CompletableFuture<Integer> exit();
    }

    /** A process from {@link #start}, to be killed when the conversation with it fails. */
    interface Started {
        void destroyForcibly();
    }

    record Command(List<String> argv, Path cwd, byte[] stdin, Map<String, String> env, Duration timeout) {
        public Command {
            argv = List.copyOf(argv);
            env = env == null ? Map.of() : Map.copyOf(env);
            timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        }

        public static Command of(String... argv) {
            return new Command(List.of(argv), null, null, null, null);
        }

        public static Command of(List<String> argv) {
            return new Command(argv, null, null, null, null);
        }

        public Command in(Path dir) {
            return new Command(argv, dir, stdin, env, timeout);
        }

        public Command withEnv(Map<String, String> extra) {
            return new Command(argv, cwd, stdin, extra, timeout);
        }

        public Command withStdin(byte[] input) {
            return new Command(argv, cwd, input, env, timeout);
        }

        public Command withTimeout(Duration limit) {
            return new Command(argv, cwd, stdin, env, limit);
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Throws a {@link HostCommandException} unless the command exited 0. */
        public Result orThrow(Command command) {
            if (exitCode != 0) {
                throw new HostCommandException(command.argv(), this);
            }
            return this;
        }
    }

    /** {@code line} is null when the pipe closed before a line arrived. */
    record SyncResult(int exitCode, String line, String stderr) {
    }

    /** A host command that failed; the message carries its stderr (that is what users see). */
    class HostCommandException extends RuntimeException {
        private final Result result;

        public HostCommandException(List<String> argv, Result result) {
            super(argv.get(0) + " " + (argv.size() > 1 ? argv.get(1) + " " : "") + "failed (exit " + result.exitCode()
                    + "): " + (result.stderr().isBlank() ? result.stdout().strip() : result.stderr().strip()));
            this.result = result;
        }

        public Result result() {
            return result;
        }
    }
}
