package dev.berth.runtime.node;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A fake {@link ProcessRunner} for unit tests: records every command and answers with scripted results
 * (by default exit 0, empty output).
 */
public final class RecordingProcessRunner implements ProcessRunner {
    private final List<Command> commands = new ArrayList<>();
    private final List<Command> destroyed = new ArrayList<>();
    private final Deque<Result> results = new ArrayDeque<>();
    private final Deque<SyncResult> syncResults = new ArrayDeque<>();
    private Function<Command, Result> responder = c -> new Result(0, "", "");

    @Override
    public synchronized Result run(Command command) {
        commands.add(command);
        return results.isEmpty() ? responder.apply(command) : results.poll();
    }

    @Override
    public synchronized SyncResult startAndReadLine(Command command, Path fifo, Path stderrFile) {
        commands.add(command);
        return syncResults.isEmpty() ? new SyncResult(0, "{\"data\": 4242}", "") : syncResults.poll();
    }

    /** Records the command; the process "runs" until the test or the caller destroys it. */
    @Override
    public synchronized Started start(Command command, Path stderrFile) {
        commands.add(command);
        return () -> {
            synchronized (this) {
                destroyed.add(command);
            }
        };
    }

    /** What a piped process "prints" and how it exits. */
    public record PipedScript(String stdout, String stderr, int exitCode) {
    }

    private final Deque<PipedScript> pipedScripts = new ArrayDeque<>();

    /** Records the command; it prints its script (by default nothing) and exits with its code (by default 0). */
    @Override
    public synchronized Piped startPiped(Command command) {
        commands.add(command);
        PipedScript script = pipedScripts.isEmpty() ? new PipedScript("", "", 0) : pipedScripts.poll();
        java.util.concurrent.CompletableFuture<Integer> exit =
                java.util.concurrent.CompletableFuture.completedFuture(script.exitCode());
        return new Piped() {
            @Override
            public java.io.InputStream stdout() {
                return new java.io.ByteArrayInputStream(script.stdout().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public java.io.InputStream stderr() {
                return new java.io.ByteArrayInputStream(script.stderr().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public java.util.concurrent.CompletableFuture<Integer> exit() {
                return exit;
            }

            @Override
            public void destroyForcibly() {
                synchronized (RecordingProcessRunner.this) {
                    destroyed.add(command);
                }
            }
        };
    }

    public synchronized RecordingProcessRunner thenPiped(PipedScript script) {
        pipedScripts.add(script);
        return this;
    }

    public synchronized List<Command> destroyed() {
        return List.copyOf(destroyed);
    }

    public synchronized RecordingProcessRunner thenReturn(Result result) {
        results.add(result);
        return this;
    }

    public synchronized RecordingProcessRunner thenSync(SyncResult result) {
        syncResults.add(result);
        return this;
    }

    public synchronized RecordingProcessRunner respond(Function<Command, Result> fn) {
        this.responder = fn;
        return this;
    }

    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    public synchronized Command last() {
        return commands.get(commands.size() - 1);
    }
}
