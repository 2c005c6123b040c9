package dev.berth.runtime.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.runtime.domain.CreateSpec;
import dev.berth.runtime.spec.ContainerSpec;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.ProcessSpec;
import dev.berth.runtime.isolation.Devices;
import dev.berth.runtime.isolation.IsolationSpec;
import dev.berth.runtime.net.EtcFiles;
import dev.berth.runtime.node.Conmon;
import dev.berth.runtime.node.ExitedRuncState;
import dev.berth.runtime.node.LayerStore;
import dev.berth.runtime.node.LayerUnpacker;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.node.NodeSpecFacts;
import dev.berth.runtime.node.OciSpecWriter;
import dev.berth.runtime.node.OverlayMounts;
import dev.berth.runtime.node.Runc;
import dev.berth.runtime.node.Seccomp;
import dev.berth.runtime.node.UserResolver;
import dev.berth.runtime.node.oci.OciSpec;
import dev.berth.runtime.node.oci.UserMounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The real {@link ContainerNode}: runc, conmon, overlay mounts and the bundle on this host. */
@ApplicationScoped
public class HostContainerNode implements ContainerNode {
    /** Host steps that run beside the calling thread's own (daemon threads, idle ones go after a minute). */
    private static final java.util.concurrent.ExecutorService ALONGSIDE = new java.util.concurrent.ThreadPoolExecutor(
            0, 16, 60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "berth-alongside");
                t.setDaemon(true);
                return t;
            }, new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
    private static final Logger LOG = Logger.getLogger(HostContainerNode.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    NodePaths paths;
    @Inject
    OverlayMounts overlay;
    @Inject
    Runc runc;
    @Inject
    Conmon conmon;
    @Inject
    LayerStore layers;
    @Inject
    Seccomp seccomp;
    @Inject
    dev.berth.runtime.node.ProcessRunner runner;
    @Inject
    dev.berth.runtime.node.KernelFiles kernel;
    @Inject
    dev.berth.runtime.mounts.ContainerMounts mounts;
    @Inject
    dev.berth.runtime.net.ContainerNetworking networking;

    @Override
    public dev.berth.runtime.node.ProcessRunner.Result runHost(List<String> argv) {
        return runner.run(dev.berth.runtime.node.ProcessRunner.Command.of(argv));
    }

    @Override
    public NodePaths paths() {
        return paths;
    }

    @Override
    public void ensureRunDirs() {
        try {
            Files.createDirectories(paths.runcRoot());
            Files.createDirectories(paths.exits());
            Files.createDirectories(paths.sockets());
            Files.createDirectories(paths.containers());
            Files.createDirectories(paths.layers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unpacks what is missing; returns layer dirs topmost first. */
    @Override
    public List<String> ensureLayers(List<LayerStore.Layer> bottomFirst, LayerStore.BlobSource blobs) {
        try {
            return layers.ensure(bottomFirst, blobs);
        } catch (LayerUnpacker.UnsafeLayerException e) {
            throw BerthException.invalid("refusing an unsafe image layer: " + e.getMessage());
        } catch (IOException e) {
            throw BerthException.internal("cannot unpack image layers: " + e.getMessage(), e);
        }
    }

    /** Creates the bundle directory with upper/work/merged and the per-container etc files. */
    @Override
    public void prepareBundle(String id, String hostname, boolean hostNetwork) {
        ensureRunDirs();
        Path bundle = paths.bundle(id);
        try {
            Files.createDirectories(bundle);
            Files.setAttribute(bundle, "unix:mode", 0710);
            for (String d : List.of("upper", "work", "merged")) {
                Files.createDirectories(bundle.resolve(d));
            }
            Files.writeString(bundle.resolve("hostname"), hostname + "\n");
            Optional<String> hostHosts = hostNetwork ? hostEtc("hosts") : Optional.empty();
            Files.writeString(bundle.resolve("hosts"), hostHosts.orElse(EtcFiles.LOCAL_HOSTS));
            Files.writeString(bundle.resolve("resolv.conf"), hostEtc("resolv.conf").orElse(""));
        } catch (IOException e) {
            throw BerthException.internal("cannot prepare the container directory: " + e.getMessage(), e);
        }
    }

    /** The host's /etc/{@code name}, or empty when it is missing or unreadable. */
    private Optional<String> hostEtc(String name) {
        try {
            return kernel.read(Path.of("/etc", name));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Mounts, writes config.json, launches conmon (runc create). Returns the container pid. */
    @Override
    public int create(String id, String name, JsonNode config, JsonNode hostConfig, String path, List<String> args,
            List<String> layerDirs) {
        ensureRunDirs();
        Path bundle = paths.bundle(id);
        // leftovers of a previous run
        forgetRunc(id);
        deleteQuietly(paths.exitFile(id));
        deleteQuietly(bundle.resolve("exit"));
        deleteQuietly(bundle.resolve("oom"));
        deleteQuietly(paths.sockets().resolve(id));
        deleteQuietly(bundle.resolve("attach"));
        Path merged = bundle.resolve("merged");
        // the network (namespace, address from network-service, veth) does not depend on the rootfs: both at once
        List<String> linkEnv = networking.linkEnv(id, name, hostConfig, paths.containers());
        java.util.concurrent.Future<String> plumbing = ALONGSIDE.submit(
                () -> networking.plumb(id, name, config, hostConfig, bundle, paths.containers()));
        try {
            if (!overlay.isMounted(merged)) {
                overlay.mount(paths.layers(), layerDirs, bundle.resolve("upper"), bundle.resolve("work"), merged);
            }
            ContainerSpec spec = ContainerSpecParser.stored(config, hostConfig);
            ProcessSpec process = spec.process();
            UserResolver.User user = UserResolver.resolve(merged, process.user(), spec.host().security().groupAdd());
            List<String> argv = new java.util.ArrayList<>();
            argv.add(path);
            argv.addAll(args);
            boolean tty = process.tty();
            String netns = result(plumbing);
            UserMounts userMounts = mounts.attach(id, merged);
            IsolationSpec.NodeFacts facts = IsolationSpec.NodeFacts.current(
                    Math.min(OciSpecWriter.DEFAULT_NOFILE, NodeSpecFacts.nofileHardLimit(kernel)));
            if (spec.host().security().privileged()) {
                facts = facts.withHostDevices(Devices.host());
            }
            OciSpec oci = OciSpecWriter.spec(new OciSpecWriter.SpecInput(
                    id, process.hostname().isEmpty() ? id.substring(0, 12) : process.hostname(),
                    process.domainname(), argv, CreateSpec.processEnv(process, linkEnv), process.workingDir(), user,
                    tty, merged, spec.host().security().readonlyRootfs(), spec.host().hostNetwork(), netns,
                    bundle.resolve("hosts"), bundle.resolve("resolv.conf"), bundle.resolve("hostname"),
                    NodeSpecFacts.thermalThrottlePaths(kernel), spec.host().hostNamespaces()),
                    IsolationSpec.resolve(spec.host(), seccomp, facts), userMounts);
            OciSpecWriter.write(bundle.resolve("config.json"), oci);
            ensureWorkingDir(merged, process.workingDir());
            dev.berth.runtime.logs.LogOptions logs = dev.berth.runtime.logs.LogOptions.of(hostConfig.path("LogConfig"));
            logs.writeTo(bundle);
            return conmon.launch(new Conmon.Options(id, name, bundle,
                    process.openStdin(), tty, logs.conmonLimit(), tty || !process.stdinOnce(),
                    !dev.berth.runtime.logs.LogOptions.discards(hostConfig.path("LogConfig"))));
        } catch (BerthException e) {
            awaitQuietly(plumbing);
            cleanupQuietly(id);
            throw e;
        } catch (IllegalStateException e) {
            awaitQuietly(plumbing);
            cleanupQuietly(id);
            String message = e.getMessage();
            ErrorKind kind = message != null && (message.contains("executable file not found")
                    || message.contains("no such file or directory") || message.contains("permission denied"))
                    ? ErrorKind.INVALID : ErrorKind.INTERNAL;
            throw new BerthException(kind, "failed to create task for container: OCI runtime create failed: "
                    + message, e);
        } catch (IOException | RuntimeException e) {
            awaitQuietly(plumbing);
            cleanupQuietly(id);
            throw BerthException.internal("cannot create the container: " + e.getMessage(), e);
        }
    }

    /** Docker creates a missing WorkingDir (owned by root). */
    private static void ensureWorkingDir(Path rootfs, String workingDir) throws IOException {
        if (workingDir.isEmpty() || workingDir.equals("/")) {
            return;
        }
        Path dir = rootfs;
        for (String part : workingDir.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                return;
            }
            dir = dir.resolve(part);
            if (Files.isSymbolicLink(dir)) {
                return; // runc resolves it inside the rootfs; we do not follow links out of it
            }
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir);
            }
        }
    }

    @Override
    public void start(String id) {
        try {
            runc.start(id);
        } catch (RuntimeException e) {
            cleanupQuietly(id);
            throw BerthException.internal("cannot start container: " + e.getMessage(), e);
        }
    }

    @Override
    public void kill(String id, int signal) {
        var result = runc.kill(id, Integer.toString(signal));
        if (!result.ok()) {
            LOG.fine(() -> "runc kill " + id + ": " + result.stderr());
        }
    }

    /** A frozen container does not act on signals: SIGKILL is followed by a thaw so that it dies. */
    @Override
    public void thawQuietly(String id) {
        try {
            runc.resume(id);
        } catch (RuntimeException e) {
            LOG.fine(() -> "runc resume " + id + ": " + e.getMessage());
        }
    }

    @Override
    public void pause(String id) {
        try {
            runc.pause(id);
        } catch (RuntimeException e) {
            throw BerthException.internal("cannot pause container " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void unpause(String id) {
        try {
            runc.resume(id);
        } catch (RuntimeException e) {
            throw BerthException.internal("cannot unpause container " + id + ": " + e.getMessage(), e);
        }
    }

    /** Pids in the container's cgroup (any v1 hierarchy runc put it in, or the unified one). */
    @Override
    public java.util.Set<Integer> cgroupPids(String id) {
        java.util.Set<Integer> pids = new java.util.TreeSet<>();
        for (String hierarchy : List.of("pids", "memory", "freezer", "cpu", "unified", "")) {
            Path procs = Path.of("/sys/fs/cgroup", hierarchy, "berth", id, "cgroup.procs");
            if (!kernel.exists(procs)) {
                continue;
            }
            try {
                for (String line : kernel.lines(procs)) {
                    if (!line.isBlank()) {
                        pids.add(Integer.parseInt(line.strip()));
                    }
                }
                return pids;
            } catch (IOException | NumberFormatException e) {
                // try the next hierarchy
            }
        }
        return pids;
    }

    /**
     * After an exit: forget runc's state, unmount the rootfs (the upper dir stays until rm) and give the container's
     * addresses back to network-service, as dockerd releases a stopped container's network at once (so a
     * {@code docker network rm} right after {@code docker rm} finds no endpoint; network-service also drops them on
     * the die event, which may come later through Kafka, and a second release is a no-op).
     */
    @Override
    public void cleanupAfterExit(String id) {
        forgetRunc(id);
        // the network and the rootfs are independent: both host commands run at once
        java.util.concurrent.Future<?> network = ALONGSIDE.submit(() -> {
            try {
                networking.teardown(id, paths.bundle(id), true);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot remove the network of " + id + ": " + e.getMessage());
            }
        });
        try {
            overlay.umount(paths.bundle(id).resolve("merged"));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot unmount the rootfs of " + id + ": " + e.getMessage());
        }
        awaitQuietly(network);
        deleteQuietly(paths.exitFile(id));
        deleteQuietly(paths.sockets().resolve(id));
    }

    /** The value of work done alongside; its own exception if it failed. */
    private static <T> T result(java.util.concurrent.Future<T> work) {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void awaitQuietly(java.util.concurrent.Future<?> work) {
        try {
            work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.log(Level.FINE, "a step done alongside failed: " + e.getCause());
        }
    }

    /** runc delete --force, unless nothing of the container runs any more (then it is done without runc). */
    private void forgetRunc(String id) {
        if (!ExitedRuncState.forget(kernel, paths.runcRoot(), id)) {
            runc.delete(id, true);
        }
    }

    @Override
    public void cleanupQuietly(String id) {
        try {
            cleanupAfterExit(id); // a failed start: its addresses come back now too
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cleanup of " + id, e);
        }
    }

    /** Removes everything the container had on this node. */
    @Override
    public void removeAll(String id) {
        cleanupAfterExit(id);
        Path bundle = paths.bundle(id);
        if (overlay.isMounted(bundle.resolve("merged"))) {
            throw BerthException.internal("the rootfs of " + id + " is still mounted", null);
        }
        try {
            if (!Files.exists(bundle, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            // a rename takes the directory out of the way at once; its (possibly large) tree goes in the background
            Files.createDirectories(paths.removed());
            Path doomed = paths.removed().resolve(id + "-" + System.nanoTime());
            try {
                Files.move(bundle, doomed, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LayerUnpacker.deleteTree(bundle);
                return;
            }
            ALONGSIDE.execute(() -> deleteQuietlyTree(doomed));
        } catch (IOException e) {
            throw BerthException.internal("cannot remove the container directory: " + e.getMessage(), e);
        }
    }

    /** Directories of removed containers that a stop of the service left behind. */
    @Override
    public void sweepRemoved() {
        if (!Files.isDirectory(paths.removed())) {
            return;
        }
        try (var dirs = Files.list(paths.removed())) {
            dirs.forEach(HostContainerNode::deleteQuietlyTree);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot sweep " + paths.removed() + ": " + e.getMessage());
        }
    }

    private static void deleteQuietlyTree(Path dir) {
        try {
            LayerUnpacker.deleteTree(dir);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot delete " + dir + ": " + e.getMessage());
        }
    }

    /** Applies new cgroup limits to a running container; runc's message on failure. */
    @Override
    public void updateResources(String id, Map<String, Object> resources) {
        Path file = paths.bundle(id).resolve("update.json");
        try {
            Files.writeString(file, JSON.writeValueAsString(resources));
        } catch (IOException e) {
            throw BerthException.internal("cannot write " + file + ": " + e.getMessage(), e);
        }
        var result = runc.update(id, file);
        deleteQuietly(file);
        if (!result.ok()) {
            throw BerthException.internal("Cannot update container " + id + ": "
                    + dev.berth.runtime.node.Conmon.message(result.stderr()), null);
        }
    }

    @Override
    public boolean conmonAlive(String id) {
        return conmon.alive(id);
    }

    @Override
    public boolean oomKilled(String id) {
        return Files.exists(paths.bundle(id).resolve("oom"));
    }

    /** Sends a resize to conmon's control FIFO. */
    @Override
    public void resize(String id, int height, int width) {
        Path ctl = paths.bundle(id).resolve("ctl");
        if (!Files.exists(ctl)) {
            return;
        }
        try (var out = Files.newOutputStream(ctl, java.nio.file.StandardOpenOption.WRITE)) {
            out.write(("1 " + height + " " + width + "\n").getBytes());
        } catch (IOException e) {
            throw BerthException.internal("cannot resize: " + e.getMessage(), e);
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort
        }
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (IOException e) {
            return Map.of();
        }
    }
}
