package dev.berth.runtime.node;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code conmon --exec --exec-attach} with its three pipes as FIFOs in the exec directory (node notes §3): the
 * attach and start FIFOs are held open read-write by us (so opening them never blocks), the sync FIFO is read by a
 * thread of ours; its EOF means conmon is gone. Blocking: call from a worker thread.
 */
public final class ExecLauncher {
    private final ProcessRunner runner;
    private final FifoPool fifos;

    public ExecLauncher(ProcessRunner runner, FifoPool fifos) {
        this.runner = runner;
        this.fifos = fifos;
    }

    /** What to do once conmon's attach socket exists and before runc exec runs (connect to it). */
    public interface BeforeStart {
        void run() throws IOException;
    }

    /** {@code pid} completes once runc exec started the process (or fails with runc's message); then {@code exit}. */
    public record Running(CompletableFuture<Integer> pid, CompletableFuture<Integer> exit) {
    }

    /**
     * {@code gate}: runc exec runs only once it completes (the exec's start event is recorded meanwhile); when it
     * fails, conmon is stopped before anything ran and the launch fails.
     */
    public Running launch(List<String> argv, Map<String, String> env, Path dir, String containerId,
            BeforeStart beforeStart, CompletableFuture<Void> gate) throws IOException {
        Path sync = dir.resolve("syncpipe");
        Path attach = dir.resolve("attachpipe");
        Path start = dir.resolve("startpipe");
        for (Path fifo : List.of(sync, attach, start)) {
            Files.deleteIfExists(fifo);
        }
        fifos.place(List.of(sync, attach, start));
        CompletableFuture<Integer> pid = new CompletableFuture<>();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Path exitFile = dir.resolve(containerId);
        Thread reader = new Thread(() -> readSync(sync, exitFile, pid, exit), "berth-exec-sync");
        reader.setDaemon(true);
        reader.start();
        try (FileChannel attachCh = FileChannel.open(attach, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileChannel startCh = FileChannel.open(start, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ProcessRunner.Started process;
            try {
                process = runner.start(ProcessRunner.Command.of(argv).in(dir).withEnv(env), dir.resolve("conmon.stderr"));
            } catch (IOException e) {
                unblock(sync);
                throw e;
            }
            startCh.write(ByteBuffer.wrap("0\n".getBytes(StandardCharsets.US_ASCII)));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readLine(attachCh), r -> {
                Thread t = new Thread(r, "berth-exec-attachpipe");
                t.setDaemon(true);
                t.start();
            });
            String line;
            try {
                line = ready.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                attachCh.write(ByteBuffer.wrap("\n".getBytes(StandardCharsets.US_ASCII)));
                process.destroyForcibly();
                unblock(sync);
                throw new IOException("conmon did not set up the exec session: " + readQuietly(dir.resolve("conmon.stderr")));
            }
            if (line == null || Conmon.syncData(line) < 0) {
                unblock(sync);
                throw new IOException("conmon failed to set up the exec session: " + line + " "
                        + readQuietly(dir.resolve("conmon.stderr")));
            }
            // runc exec goes ahead whether or not a client got attached (an exec without a client just runs);
            // the caller hears of the failed attach after the start
            IOException attachFailure = null;
            try {
                beforeStart.run();
            } catch (IOException e) {
                attachFailure = e;
            } catch (RuntimeException e) {
                attachFailure = new IOException("cannot attach to the exec: " + e.getMessage(), e);
            }
            Throwable refused = gateFailure(gate);
            if (refused != null) {
                process.destroyForcibly();
                unblock(sync);
                throw new IOException("the exec's start could not be recorded: " + refused.getMessage(), refused);
            }
            startCh.write(ByteBuffer.wrap("0\n".getBytes(StandardCharsets.US_ASCII)));
            if (attachFailure != null) {
                throw attachFailure;
            }
        }
        return new Running(pid, exit);
    }

    /** Waits (30 s at most) for a gate; its failure, or null when it completed. */
    public static Throwable gateFailure(CompletableFuture<Void> gate) {
        try {
            gate.get(30, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (java.util.concurrent.TimeoutException e) {
            return e;
        }
    }

    private static void readSync(Path sync, Path exitFile, CompletableFuture<Integer> pid,
            CompletableFuture<Integer> exit) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(sync),
                StandardCharsets.UTF_8))) {
            String first = in.readLine();
            if (first == null) {
                pid.completeExceptionally(new IOException("conmon exited without starting the exec"));
                exit.completeExceptionally(new IOException("no exec"));
                return;
            }
            int data = Conmon.syncData(first);
            if (data <= 0) {
                String message = Conmon.syncMessage(first);
                pid.completeExceptionally(new ExecFailed(message.isBlank() ? first : message));
                exit.completeExceptionally(new ExecFailed(message));
                return;
            }
            pid.complete(data);
            String second = in.readLine();
            int code = second == null ? Integer.MIN_VALUE : Conmon.syncData(second);
            if (code == Integer.MIN_VALUE) {
                OptionalInt fromFile = ExitFiles.read(exitFile);
                code = fromFile.isPresent() ? fromFile.getAsInt() : -1;
            }
            exit.complete(code);
        } catch (IOException e) {
            pid.completeExceptionally(e);
            OptionalInt fromFile = ExitFiles.read(exitFile);
            exit.complete(fromFile.isPresent() ? fromFile.getAsInt() : -1);
        } finally {
            try {
                Files.deleteIfExists(sync);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /** runc exec refused to start the process (missing executable, bad cwd, ...). */
    public static final class ExecFailed extends IOException {
        public ExecFailed(String message) {
            super(message);
        }
    }

    private static String readLine(FileChannel ch) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        try {
            while (true) {
                one.clear();
                if (ch.read(one) <= 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                byte b = one.get(0);
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static void unblock(Path fifo) {
        try (OutputStream out = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
            out.flush();
        } catch (IOException ignored) {
            // nobody was waiting
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }
}
