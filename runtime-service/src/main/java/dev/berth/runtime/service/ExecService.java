package dev.berth.runtime.service;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.cluster.NodeTag;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerJson;
import dev.berth.runtime.domain.ContainerState;
import dev.berth.runtime.domain.CreateSpec;
import dev.berth.runtime.domain.LifecycleEvent;
import dev.berth.runtime.events.EventRelay;
import dev.berth.runtime.node.Conmon;
import dev.berth.runtime.node.ExecLauncher;
import dev.berth.runtime.node.ExecSpec;
import dev.berth.runtime.node.FifoPool;
import dev.berth.runtime.node.HostInfo;
import dev.berth.runtime.node.KernelFiles;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.node.OciSpecWriter;
import dev.berth.runtime.node.ProcessRunner;
import dev.berth.runtime.node.RuncExec;
import dev.berth.runtime.attach.CapturedOutput;
import dev.berth.runtime.attach.PipeRelay;
import dev.berth.runtime.node.UserResolver;
import dev.berth.runtime.isolation.Capabilities;
import dev.berth.runtime.isolation.SecurityOptions;
import dev.berth.runtime.spec.ExecRequest;
import dev.berth.runtime.spec.ProcessSpec;
import dev.berth.runtime.spec.Security;
import dev.berth.runtime.spec.StoredSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Docker's exec instances. They live in memory (plus their directory under the container's bundle), as in dockerd:
 * they do not survive a restart of the service. Each exec runs under its own conmon ({@code --exec --exec-attach}).
 */
@ApplicationScoped
public class ExecService {
    private static final Logger LOG = Logger.getLogger(ExecService.class.getName());
    /** What dockerd keeps of a health-check probe's output. */
    static final int PROBE_OUTPUT_MAX = 4096;

    /** Exec ids carry this node's tag: any node can tell where an exec lives ({@link NodeTag}). */
    private final String nodeName = HostInfo.nodeName();

    @Inject
    VerbSupport support;
    @Inject
    NodePaths paths;
    @Inject
    Conmon conmon;
    @Inject
    ProcessRunner runner;
    @Inject
    FifoPool fifos;
    @Inject
    KernelFiles kernel;
    @Inject
    Vertx vertx;
    @Inject
    EventRelay relay;

    /** dockerd's execCommandGC period ({@link ExecTable#sweep}). */
    static final long SWEEP_MS = 5 * 60_000;

    private final ExecTable execs = new ExecTable();

    public static final class Exec {
        public final String id;
        public final String containerId;
        public final String containerName;
        public final List<String> cmd;
        public final List<String> env;
        public final String user;
        public final String workingDir;
        public final boolean tty;
        public final boolean stdin;
        public final boolean stdout;
        public final boolean stderr;
        public final boolean privileged;
        /** As given ({@code ctrl-p,ctrl-q} notation), and parsed (empty: the default for an interactive TTY). */
        public final String detachKeys;
        public final byte[] detachKeyBytes;
        public volatile boolean started;
        public volatile boolean running;
        public volatile Integer exitCode;
        public volatile int pid;
        /** The container as read at the create: its name, image and labels go into the exec's events. */
        volatile Container container;
        /** The container's settings as read at the create (its env, user, labels...), read once per exec. */
        volatile StoredSettings settings;
        /** Where the pid is read while a directly run exec runs (runc's pid file); null otherwise. */
        volatile java.util.function.IntSupplier pidSource;
        /** Ended before the last sweep: the next one removes it (dockerd's CanRemove). */
        volatile boolean canRemove;
        /** A health-check probe: its events carry {@code data.healthcheck = true}; output kept for State.Health. */
        public volatile boolean probe;
        /** The container's capabilities (cap-add/cap-drop), which a non-privileged exec gets too. */
        public volatile List<String> capabilities;
        /** The container's no-new-privileges, which its execs inherit (as in dockerd). */
        public volatile boolean noNewPrivileges;
        /** Its {@code exec_create} event, recorded after the create has answered; the start's event follows it. */
        volatile CompletableFuture<Void> createRecorded = CompletableFuture.completedFuture(null);

        /**
         * As dockerd's ContainerExecCreate: no User or WorkingDir means the container's (Config.User,
         * Config.WorkingDir); invalid detach keys fail the create (dockerd: a plain error, so a 500).
         */
        Exec(String id, String containerId, String containerName, ExecRequest request, ProcessSpec container) {
            this.id = id;
            this.containerId = containerId;
            this.containerName = containerName;
            this.cmd = request.cmd();
            this.env = request.env();
            this.user = request.user().isEmpty() ? container.user() : request.user();
            this.workingDir = request.workingDir().isEmpty() ? container.workingDir() : request.workingDir();
            this.tty = request.tty();
            this.stdin = request.attachStdin();
            this.stdout = request.attachStdout();
            this.stderr = request.attachStderr();
            this.privileged = request.privileged();
            this.detachKeys = request.detachKeys();
            this.detachKeyBytes = ExecDetachKeys.parse(detachKeys);
        }

        public String command() {
            return String.join(" ", cmd);
        }

        public Path dir(NodePaths paths) {
            return paths.bundle(containerId).resolve("exec").resolve(id);
        }
    }

    /** {@code request}: the exec-create body, parsed at the route. */
    public Uni<String> create(String ref, ExecRequest request) {
        if (request.cmd().isEmpty()) {
            return Uni.createFrom().failure(BerthException.invalid("No exec command specified"));
        }
        return support.lookup().find(ref).chain(c -> {
            checkRunning(c);
            Exec e = newExec(c, c.settings(), request);
            execs.put(e);
            // the exec itself lives in memory (see the class comment): its create answers without waiting for
            // the event's commit, which the start's event then waits for, so the two stay in order
            e.createRecorded = record(e, "exec_create: " + e.command());
            return Uni.createFrom().item(e.id);
        });
    }

    /**
     * Appends an event of the exec's container in a statement of its own, on a safe context, with the container as
     * read at the create (its name, image and labels make the attributes); its row is not locked: an exec's event
     * changes nothing of the container, so it need not wait for a change in flight.
     */
    private CompletableFuture<Void> record(Exec e, String action) {
        return record(e, action, Map.of("execID", e.id));
    }

    private CompletableFuture<Void> record(Exec e, String action, Map<String, String> attributes) {
        CompletableFuture<Void> recorded = Contexts.onSafeContext(vertx.getDelegate(),
                () -> support.events().appendQuiet(action, e.container, e.settings.labels(), attributes,
                        probeData(e)).invoke(relay::soon))
                .subscribeAsCompletionStage();
        recorded.whenComplete((x, f) -> {
            if (f != null) {
                LOG.log(Level.WARNING, action + " event of " + e.id + " not recorded: " + f.getMessage());
            }
        });
        return recorded;
    }

    /**
     * An exec of {@code c}: without User or WorkingDir it gets the container's; it gets the container's capabilities
     * (cap-add/cap-drop) and no-new-privileges, as in dockerd.
     */
    private Exec newExec(Container c, StoredSettings settings, ExecRequest request) {
        Exec e = new Exec(NodeTag.stamp(nodeName, ContainerJson.newId()), c.id, c.name, request,
                settings.spec().process());
        e.container = c;
        e.settings = settings;
        Security security = settings.spec().host().security();
        try {
            e.capabilities = Capabilities.resolve(security, ContainerSettings.facts().boundingSet());
        } catch (RuntimeException ex) {
            e.capabilities = null; // the default set (launch)
        }
        e.noNewPrivileges = SecurityOptions.parse(security.securityOpt()).noNewPrivileges();
        return e;
    }

    private static void checkRunning(Container c) {
        checkRunning(c.id, c.state);
    }

    private static void checkRunning(String id, String state) {
        if (state == null) {
            throw BerthException.notFound("No such container: " + id);
        }
        if (Container.PAUSED.equals(state)) {
            throw BerthException.conflict("container " + id + " is paused, unpause the container before exec");
        }
        if (!ContainerState.of(state).isRunning()) {
            throw BerthException.conflict("container " + id + " is not running");
        }
    }

    public Exec get(String id) {
        Exec e = execs.find(id);
        if (e == null) {
            throw BerthException.notFound("No such exec instance: " + id);
        }
        return e;
    }

    /**
     * A claimed exec, its container's settings (as read at the create), and its {@code exec_start} event, which is being recorded
     * while conmon is set up: runc exec runs only once it has committed ({@link #launch}'s gate), so the event
     * still comes before anything the process does and an exec whose event cannot be recorded never runs.
     */
    public record Claimed(Exec exec, StoredSettings settings, CompletableFuture<Void> recorded) {
    }

    /** Checks before a start: known exec, not started yet, container running. Marks it started. */
    public Uni<Claimed> claim(String id) {
        Exec e;
        try {
            e = get(id);
        } catch (BerthException ex) {
            return Uni.createFrom().failure(ex);
        }
        // the container's state alone: the rest of it is the exec's, read at the create
        return support.lookup().stateOf(e.containerId).map(state -> {
            checkRunning(e.containerId, state);
            synchronized (e) {
                if (e.started) {
                    throw BerthException.conflict("Error: Exec command " + e.id + " is already running");
                }
                e.started = true;
            }
            CompletableFuture<Void> recorded = e.createRecorded.handle((x, f) -> null)
                    .thenCompose(x -> record(e, "exec_start: " + e.command()));
            return new Claimed(e, e.settings, recorded);
        });
    }

    /**
     * Writes process.json and launches conmon (blocking). {@code beforeStart} runs once the attach socket exists and
     * before the process runs. Returns a future that completes when the exit code is recorded (exceptionally with
     * runc's message when the process could not start).
     */
    public CompletableFuture<Integer> launch(Exec e, int height, int width, ExecLauncher.BeforeStart beforeStart,
            StoredSettings container, CompletableFuture<Void> gate) throws IOException {
        Path dir = writeProcess(e, height, width, container);
        List<String> argv = conmon.execArgv(new Conmon.ExecOptions(e.containerId, e.id, e.containerName, dir,
                e.stdin, e.tty));
        ExecLauncher.Running running = new ExecLauncher(runner, fifos).launch(argv, Conmon.execEnv(), dir, e.containerId,
                beforeStart, gate);
        e.running = true;
        running.pid().thenAccept(pid -> e.pid = pid);
        try {
            running.pid().get(10, java.util.concurrent.TimeUnit.SECONDS); // so that inspect shows it at once
        } catch (Exception ignored) {
            // a failed start is reported through the exit future
        }
        return finishing(e, dir, running.exit());
    }

    /**
     * Whether an exec started this way can run without conmon ({@link #launchDirect}): a client reads its output,
     * and it has neither stdin nor a TTY (conmon is what holds those). Health-check probes run that way too
     * ({@link #probe}).
     */
    public static boolean direct(Exec e, boolean stdinAttached) {
        return !e.tty && !stdinAttached;
    }

    /** An exec run by {@code runc exec} in the foreground: its pipes, whether it started, and its recorded exit. */
    public record Direct(RuncExec.Running running, CompletableFuture<Integer> exit) {
    }

    /**
     * Writes process.json and runs {@code runc exec} as our child once {@code gate} (the start's event) completed
     * (blocking). The caller reads the returned pipes to their end. The exit future completes when the exit code is
     * recorded (exceptionally with runc's message when the process could not start).
     */
    public Direct launchDirect(Exec e, StoredSettings container, CompletableFuture<Void> gate) throws IOException {
        Path dir = writeProcess(e, 0, 0, container);
        Throwable refused = ExecLauncher.gateFailure(gate);
        if (refused != null) {
            throw new IOException("the exec's start could not be recorded: " + refused.getMessage(), refused);
        }
        RuncExec.Running running = new RuncExec(runner, paths.runcRoot()).start(e.containerId, dir);
        e.running = true;
        e.pidSource = running::pid;
        return new Direct(running, finishing(e, dir, running.exit()));
    }

    private Path writeProcess(Exec e, int height, int width, StoredSettings container) throws IOException {
        Path dir = e.dir(paths);
        Files.createDirectories(dir);
        Path merged = paths.bundle(e.containerId).resolve("merged");
        List<String> base = new ArrayList<>();
        base.add(CreateSpec.DEFAULT_PATH_ENV);
        base.add("HOSTNAME=" + container.hostname());
        if (e.tty) {
            base.add("TERM=xterm");
        }
        List<String> env = CreateSpec.mergeEnv(CreateSpec.mergeEnv(base, container.env()),
                e.env);
        String userSpec = e.user.isEmpty() ? container.user() : e.user;
        UserResolver.User user = UserResolver.resolve(merged, userSpec);
        String cwd = !e.workingDir.isEmpty() ? e.workingDir : container.workingDir();
        long nofile = Math.min(OciSpecWriter.DEFAULT_NOFILE, OciSpecWriter.hostNofileHardLimit());
        dev.berth.runtime.node.oci.Process process = ExecSpec.process(new ExecSpec.Input(e.cmd, env, cwd, user, e.tty,
                e.privileged || e.capabilities == null
                        ? ExecSpec.capabilities(e.privileged, ExecSpec.boundingSet(kernel)) : e.capabilities, nofile, height, width,
                e.noNewPrivileges));
        Files.writeString(dir.resolve("process.json"), ContainerJson.toJson(process));
        return dir;
    }

    /** Records the exit (126/127 when the process could not start), emits exec_die and removes the exec's files. */
    private CompletableFuture<Integer> finishing(Exec e, Path dir, CompletableFuture<Integer> exited) {
        return exited.handle((code, failure) -> {
            int exit;
            if (failure != null) {
                String m = failure.getMessage() == null ? "" : failure.getMessage();
                exit = m.contains("executable file not found") || m.contains("no such file or directory") ? 127 : 126;
            } else {
                exit = code;
            }
            e.exitCode = exit;
            e.running = false;
            e.pid = 0;
            e.pidSource = null;
            emitDie(e, exit);
            try {
                // nothing in it is needed any more (conmon has written the exit code and closed the log)
                dev.berth.runtime.node.LayerUnpacker.deleteTree(dir);
                Files.deleteIfExists(paths.sockets().resolve(e.id)); // conmon leaves its attach symlink
            } catch (IOException | RuntimeException ex) {
                LOG.log(Level.FINE, "cannot remove " + dir + ": " + ex);
            }
            if (failure != null) {
                throw failure instanceof java.util.concurrent.CompletionException ce ? ce
                        : new java.util.concurrent.CompletionException(failure);
            }
            return exit;
        });
    }

    private void emitDie(Exec e, int code) {
        record(e, "exec_die", Map.of("execID", e.id, "exitCode", Integer.toString(code)));
    }

    static Map<String, Object> probeData(Exec e) {
        return e.probe ? Map.of("healthcheck", true) : Map.of();
    }

    /** One health-check probe: exit code (-1 on timeout) and output. */
    public record ProbeResult(int exitCode, String output) {
    }

    /**
     * Runs a health-check probe as an exec of the container (moby health.go cmdProbe): the container's user,
     * working dir and env, no TTY, output captured; killed after {@code timeout}. The exec is forgotten afterwards.
     */
    public Uni<ProbeResult> probe(String containerId, List<String> cmd, java.time.Duration timeout) {
        return support.lookup().find(containerId).chain(c -> {
            checkRunning(c);
            StoredSettings settings = c.settings();
            ExecRequest request = new ExecRequest(List.copyOf(cmd), List.of(), "", "", false, false, true, true,
                    false, "");
            Exec e = newExec(c, settings, request);
            e.probe = true;
            e.started = true;
            execs.put(e);
            return Uni.createFrom().completionStage(() -> record(e, "exec_create: " + e.command())
                            .thenCompose(x -> record(e, "exec_start: " + e.command())))
                    .chain(() -> support.db().blocking(() -> probeRun(e, settings)))
                    .chain(run -> Contexts.await(run, timeout, null).map(result -> {
                        if (result != null) {
                            return result;
                        }
                        java.util.function.IntSupplier pid = e.pidSource;
                        int running = pid == null ? 0 : pid.getAsInt();
                        if (running > 0) {
                            ProcessHandle.of(running).ifPresent(ProcessHandle::destroyForcibly);
                        }
                        // dockerd's words, without the output so far (as dockerd)
                        return new ProbeResult(-1, "Health check exceeded timeout (" + seconds(timeout) + ")");
                    }))
                    .onTermination().invoke(() -> execs.remove(e.id));
        });
    }

    /**
     * Runs a probe without conmon (as an attached exec): stdout and stderr together, the first 4096 bytes kept. As
     * dockerd's cmdProbe, a process that could not start gives exit code -1 and the start's error as the output.
     */
    private CompletableFuture<ProbeResult> probeRun(Exec e, StoredSettings settings) throws IOException {
        Direct direct = launchDirect(e, settings, CompletableFuture.completedFuture(null));
        CapturedOutput output = new CapturedOutput(PROBE_OUTPUT_MAX);
        new PipeRelay(output, new PipeRelay.Streams(true, true, true), direct.running()::started, direct.exit(),
                cause -> "OCI runtime exec failed: " + cause.getMessage() + ": unknown")
                .relay(direct.running().process().stdout(), direct.running().process().stderr());
        return output.ended.thenCompose(x -> direct.exit().handle((code, failure) ->
                new ProbeResult(failure == null ? code : -1, output.text())));
    }

    private static String seconds(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    public void resize(String id, int height, int width) {
        Exec e = get(id);
        if (!e.running || !e.tty) {
            return;
        }
        Path ctl = e.dir(paths).resolve("ctl");
        if (!Files.exists(ctl)) {
            return;
        }
        try (var out = Files.newOutputStream(ctl, java.nio.file.StandardOpenOption.WRITE)) {
            out.write(("1 " + height + " " + width + "\n").getBytes());
        } catch (IOException ex) {
            throw BerthException.internal("cannot resize: " + ex.getMessage(), ex);
        }
    }

    public Map<String, Object> inspect(String id) {
        Exec e = get(id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CanRemove", e.canRemove);
        m.put("ContainerID", e.containerId);
        m.put("DetachKeys", java.util.Base64.getEncoder().encodeToString(e.detachKeyBytes)); // dockerd's []byte
        m.put("ExitCode", e.exitCode);
        m.put("ID", e.id);
        m.put("OpenStderr", e.stderr);
        m.put("OpenStdin", e.stdin);
        m.put("OpenStdout", e.stdout);
        Map<String, Object> pc = new LinkedHashMap<>();
        pc.put("arguments", e.cmd.subList(1, e.cmd.size()));
        pc.put("entrypoint", e.cmd.get(0));
        pc.put("privileged", e.privileged);
        pc.put("tty", e.tty);
        pc.put("user", e.user);
        m.put("ProcessConfig", pc);
        m.put("Running", e.running);
        java.util.function.IntSupplier source = e.pidSource;
        m.put("Pid", e.pid == 0 && source != null ? source.getAsInt() : e.pid);
        return m;
    }

    /** The keys that detach a client from an interactive TTY exec. */
    public static byte[] detachKeysOf(Exec e) {
        return ExecDetachKeys.effective(e.detachKeyBytes);
    }

    /** The client detached from an interactive exec with the detach keys; the process keeps running. */
    public void detached(Exec e) {
        Contexts.onSafeContext(vertx.getDelegate(), () -> support.db().tx(() -> support.db().locked(e.containerId)
                .chain(c -> c == null ? Uni.createFrom().voidItem() : support.events().append("exec_detach", c,
                        Map.of("execID", e.id), Map.of()))))
                .subscribe().with(x -> { }, f -> LOG.log(Level.FINE, "exec_detach event of " + e.id + ": " + f));
    }

    /** The container's execs that have not ended (inspect's ExecIDs). */
    public List<String> idsOf(String containerId) {
        return execs.openIdsOf(containerId);
    }

    /** Ended execs are inspectable for five to ten minutes, as in dockerd ({@link ExecTable}). */
    void scheduleSweeps(@Observes io.quarkus.runtime.StartupEvent startup) {
        vertx.getDelegate().setPeriodic(SWEEP_MS, id -> execs.sweep());
    }

    /** The container is gone: forget its execs. */
    void onRemoved(@Observes LifecycleEvent.Removed removed) {
        forget(removed.id());
    }

    private void forget(String containerId) {
        execs.forgetContainer(containerId);
    }
}
