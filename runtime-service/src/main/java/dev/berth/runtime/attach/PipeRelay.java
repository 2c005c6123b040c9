package dev.berth.runtime.attach;

import dev.berth.common.platform.DaemonThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Relays a process's stdout and stderr pipes to an attached client: Docker's 8-byte frame headers (stream 1 or 2), or
 * the bytes as they are on a raw stream. Both pipes are read to their end even when the client is gone or does not
 * want a stream (the process must never block on a full pipe). Until {@code started} says the process runs, what
 * arrives on stderr is held: it is the launcher's own error (runc prints it there), kept back and dropped when
 * {@code outcome} fails, sent when it succeeds. The client's connection ends once both pipes ended and
 * {@code outcome} completed; when it failed, {@code failureText} of its cause goes first, on stdout (as dockerd
 * writes a failed exec start into the hijacked stream).
 */
public final class PipeRelay {
    private static final Logger LOG = Logger.getLogger(PipeRelay.class.getName());
    private static final int CHUNK = 32 * 1024;
    /** More than this on stderr before the start is confirmed cannot be a launcher's message: it is the process's. */
    private static final int MAX_HELD = 64 * 1024;
    private static final ExecutorService READERS =
            Executors.newCachedThreadPool(DaemonThreads.named("berth-pipe-relay"));

    /** Where the frames go: a client connection. */
    public interface Client {
        void write(byte[] bytes);

        boolean writeQueueFull();

        /** True once the client is gone (nothing more is written). */
        boolean closed();

        void end();
    }

    /** What is relayed and how: {@code raw} without frame headers; a stream not wanted is read and dropped. */
    public record Streams(boolean raw, boolean stdout, boolean stderr) {
    }

    private final Client client;
    private final Streams streams;
    private final BooleanSupplier started;
    private final CompletableFuture<?> outcome;
    private final Function<Throwable, String> failureText;

    public PipeRelay(Client client, Streams streams, BooleanSupplier started, CompletableFuture<?> outcome,
            Function<Throwable, String> failureText) {
        this.client = client;
        this.streams = streams;
        this.started = started;
        this.outcome = outcome;
        this.failureText = failureText;
    }

    /** Starts reading both pipes on threads of their own; returns at once. */
    public void relay(InputStream stdout, InputStream stderr) {
        CompletableFuture<Void> out = CompletableFuture.runAsync(() -> pump(stdout, 1, streams.stdout(), false), READERS);
        CompletableFuture<Void> err = CompletableFuture.runAsync(() -> pump(stderr, 2, streams.stderr(), true), READERS);
        CompletableFuture.allOf(out, err).whenComplete((x, f) -> endAfterOutcome());
    }

    private void pump(InputStream in, int stream, boolean wanted, boolean holdUntilStarted) {
        byte[] buf = new byte[CHUNK];
        ByteArrayOutputStream held = holdUntilStarted ? new ByteArrayOutputStream() : null;
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (held != null) {
                    held.write(buf, 0, n);
                    if (!started.getAsBoolean() && held.size() <= MAX_HELD) {
                        continue;
                    }
                    send(stream, wanted, held.toByteArray(), held.size());
                    held = null;
                    continue;
                }
                send(stream, wanted, buf, n);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "pipe " + stream + " ended: " + e.getMessage());
        }
        if (held != null && held.size() > 0 && succeeded()) {
            send(stream, wanted, held.toByteArray(), held.size());
        }
    }

    private boolean succeeded() {
        try {
            outcome.get(30, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private void send(int stream, boolean wanted, byte[] bytes, int len) {
        if (!wanted || len == 0 || client.closed()) {
            return;
        }
        client.write(streams.raw() ? java.util.Arrays.copyOf(bytes, len) : StreamFrame.of(stream, bytes, len));
        try {
            while (client.writeQueueFull() && !client.closed()) {
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void endAfterOutcome() {
        outcome.handle((x, f) -> f).orTimeout(30, TimeUnit.SECONDS).whenComplete((failure, timedOut) -> {
            if (client.closed()) {
                return;
            }
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                byte[] text = failureText.apply(cause).getBytes(StandardCharsets.UTF_8);
                client.write(streams.raw() ? text : StreamFrame.of(1, text, text.length));
            }
            client.end();
        });
    }
}
