package dev.berth.runtime.node;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real {@link ProcessRunner}: {@link ProcessBuilder}, output drained on helper threads, hard timeout. */
public final class HostProcessRunner implements ProcessRunner {
    static {
        // vfork + exec straight from the JVM instead of posix_spawn through jspawnhelper: half the cost of each
        // process start (≈ 4 against ≈ 9 ms at best on this machine, in a JVM of this size), and a `docker run`
        // starts about eight (ip, mount, conmon, runc, umount, ...). The JDK reads it once, at the first start.
        if (System.getProperty("jdk.lang.Process.launchMechanism") == null) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
    }


    @Override
    public Result run(Command command) {
        ProcessBuilder pb = builder(command);
        if (command.stdin() == null) {
            pb.redirectInput(new File("/dev/null"));
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.argv().get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (command.stdin() != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(command.stdin());
                } catch (IOException ignored) {
                    // the command may exit without reading its input
                }
            }
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, "", command.argv().get(0) + ": timed out after " + command.timeout());
            }
            return new Result(process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command.argv().get(0), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot collect output of " + command.argv().get(0) + ": " + e, e);
        }
    }

    /**
     * The sync "pipe" is a FIFO the caller placed, not the Process's stdout: the JDK closes a child's stdout pipe as
     * soon as the direct child exits (ProcessPipeInputStream.processExited), which is at once for a daemonising
     * conmon, so conmon's later write of the pid would hit EPIPE. The FIFO is removed when this returns.
     */
    @Override
    public SyncResult startAndReadLine(Command command, Path fifo, Path stderrFile) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            // opening blocks until the child opened its end for writing
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(fifo),
                    StandardCharsets.UTF_8))) {
                return reader.readLine();
            } catch (IOException e) {
                return null;
            }
        }, HostProcessRunner::daemonThread);
        ProcessBuilder pb = builder(command);
        pb.redirectInput(new File("/dev/null"));
        pb.redirectOutput(fifo.toFile());
        pb.redirectError(stderrFile.toFile());
        try {
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                unblock(fifo);
                throw new UncheckedIOException("cannot run " + command.argv().get(0) + ": " + e.getMessage(), e);
            }
            String first;
            try {
                first = line.get(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                process.destroyForcibly();
                unblock(fifo);
                return new SyncResult(-1, null, "timed out after " + command.timeout() + ": " + readQuietly(stderrFile));
            }
            boolean exited = process.waitFor(5, TimeUnit.SECONDS);
            return new SyncResult(exited ? process.exitValue() : -1, first, readQuietly(stderrFile));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + command.argv().get(0), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    @Override
    public Started start(Command command, Path stderrFile) throws IOException {
        ProcessBuilder pb = builder(command);
        pb.redirectInput(new File("/dev/null"));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(stderrFile.toFile());
        Process process = pb.start();
        return process::destroyForcibly;
    }

    @Override
    public Piped startPiped(Command command) throws IOException {
        ProcessBuilder pb = builder(command);
        pb.redirectInput(new File("/dev/null"));
        Process process = pb.start();
        CompletableFuture<Integer> exit = process.onExit().thenApply(Process::exitValue);
        return new Piped() {
            @Override
            public InputStream stdout() {
                return process.getInputStream();
            }

            @Override
            public InputStream stderr() {
                return process.getErrorStream();
            }

            @Override
            public CompletableFuture<Integer> exit() {
                return exit;
            }

            @Override
            public void destroyForcibly() {
                process.destroyForcibly();
            }
        };
    }

    /** Lets a reader blocked in opening the FIFO go (it then sees EOF). */
    private static void unblock(Path fifo) {
        try (OutputStream out = Files.newOutputStream(fifo, java.nio.file.StandardOpenOption.WRITE)) {
            out.flush();
        } catch (IOException ignored) {
            // nobody was waiting
        }
    }

    private static ProcessBuilder builder(Command command) {
        ProcessBuilder pb = new ProcessBuilder(command.argv());
        if (command.cwd() != null) {
            pb.directory(command.cwd().toFile());
        }
        pb.environment().putAll(command.env());
        return pb;
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, HostProcessRunner::daemonThread);
    }

    private static void daemonThread(Runnable r) {
        Thread t = new Thread(r, "berth-proc-io");
        t.setDaemon(true);
        t.start();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
