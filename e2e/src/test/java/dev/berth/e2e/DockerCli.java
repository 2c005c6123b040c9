package dev.berth.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the installed docker CLI (a client nobody here wrote) against berth's socket. */
final class DockerCli {
    static final String HOST = System.getenv().getOrDefault("DOCKER_HOST", "unix:///run/berth/docker.sock");

    private DockerCli() {
    }

    record Result(int exit, String out, String err) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }

        String trimmed() {
            return out.trim();
        }
    }

    static Result docker(String... args) {
        return dockerWithInput(null, args);
    }

    static Result dockerWithInput(byte[] stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        return run(null, stdin, command);
    }

    /** Debian's docker-compose (v1, docker-py) in {@code projectDir}, against berth's socket. */
    static Result compose(java.nio.file.Path projectDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker-compose");
        command.addAll(List.of(args));
        return run(projectDir, null, command);
    }

    /** Any command line (120 s at most), with DOCKER_HOST set to berth's socket. */
    static Result command(List<String> command) {
        return run(null, null, command);
    }

    private static Result run(java.nio.file.Path dir, byte[] stdin, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().put("DOCKER_HOST", HOST);
        try {
            Process process = pb.start();
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            if (stdin != null) {
                process.getOutputStream().write(stdin);
            }
            process.getOutputStream().close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
            }
            return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                return buffer.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
