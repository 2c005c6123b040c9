package dev.berth.gateway;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.common.http.forward.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service that is started on the first request that needs it, not at {@code ./berth up} (build-service in the
 * embedded setup: ≈ 160 MiB that an engine nobody builds with does not need). Before such a request goes on, the
 * service's port is probed; when nothing listens, its start command ({@code BERTH_BUILD_START_COMMAND}, run with
 * {@code sh -c}; it returns once the service is ready) runs once for all the requests that wait, bounded by a
 * timeout. A service without a start command is always ready.
 */
final class OnDemandService {
    /** The last characters of a failed start command's output that go into the error message. */
    private static final int OUTPUT_TAIL = 400;

    private final Vertx vertx;
    private final Map<Owner, String> commands;
    private final Duration timeout;
    private final NetClient probe;
    private final Map<Owner, Future<Void>> starting = new EnumMap<>(Owner.class);

    OnDemandService(Vertx vertx, Map<Owner, String> commands, Duration timeout) {
        this.vertx = vertx;
        this.commands = Map.copyOf(commands);
        this.timeout = timeout;
        this.probe = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000));
    }

    /** Completes when {@code owner} answers at {@code upstream}, starting it first if it is started on demand. */
    Future<Void> ready(Owner owner, Upstream upstream) {
        String command = commands.get(owner);
        if (command == null || command.isBlank()) {
            return Future.succeededFuture();
        }
        return listening(upstream).compose(up -> up ? Future.succeededFuture() : start(owner, command, upstream));
    }

    private synchronized Future<Void> start(Owner owner, String command, Upstream upstream) {
        Future<Void> running = starting.get(owner);
        if (running != null) {
            return running;
        }
        Future<Void> started = vertx.<Void>executeBlocking(() -> {
            run(owner, command);
            return null;
        }, false).compose(v -> listening(upstream)).compose(up -> up ? Future.succeededFuture()
                : Future.failedFuture(unavailable(owner, "its start command succeeded but nothing listens on port "
                        + upstream.port())));
        starting.put(owner, started);
        started.onComplete(done -> forget(owner));
        return started;
    }

    private synchronized void forget(Owner owner) {
        starting.remove(owner);
    }

    private Future<Boolean> listening(Upstream upstream) {
        Promise<Boolean> result = Promise.promise();
        probe.connect(upstream.port(), upstream.host()).onComplete(connected -> {
            if (connected.succeeded()) {
                connected.result().close();
            }
            result.complete(connected.succeeded());
        });
        return result.future();
    }

    private void run(Owner owner, String command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw unavailable(owner, "cannot run its start command: " + e.getMessage());
        }
        OutputTail output = OutputTail.of(process.getInputStream());
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw unavailable(owner, "not ready after " + timeout.toSeconds() + " s");
        }
        if (process.exitValue() != 0) {
            throw unavailable(owner, "its start command exited with " + process.exitValue() + ": " + output.text());
        }
    }

    private static BerthException unavailable(Owner owner, String why) {
        return new BerthException(ErrorKind.UNAVAILABLE, owner.configName() + "-service could not be started: " + why);
    }

    /** The end of a process's output, read by a thread of its own so that the process never blocks writing. */
    private static final class OutputTail {
        private final StringBuilder text = new StringBuilder();
        private final Thread reader;

        private OutputTail(InputStream stream) {
            reader = new Thread(() -> {
                byte[] chunk = new byte[4096];
                try (stream) {
                    for (int n; (n = stream.read(chunk)) > 0; ) {
                        append(new String(chunk, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the process is gone: what was read is what there is
                }
            }, "on-demand-output");
            reader.setDaemon(true);
        }

        static OutputTail of(InputStream stream) {
            OutputTail tail = new OutputTail(stream);
            tail.reader.start();
            return tail;
        }

        private synchronized void append(String more) {
            text.append(more);
            if (text.length() > OUTPUT_TAIL) {
                text.delete(0, text.length() - OUTPUT_TAIL);
            }
        }

        String text() throws InterruptedException {
            reader.join(1000);
            synchronized (this) {
                return text.toString().strip();
            }
        }
    }
}
