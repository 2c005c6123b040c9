package dev.berth.runtime.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventType;
import dev.berth.common.events.Topics;
import dev.berth.common.outbox.Outbox;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerNames;
import dev.berth.runtime.domain.ContainerState;
import dev.berth.runtime.domain.ContainerState.Verb;
import dev.berth.runtime.domain.CreateSpec;
import dev.berth.runtime.domain.IdResolver;
import dev.berth.runtime.images.ImageClient;
import dev.berth.runtime.lifecycle.InFlight;
import dev.berth.runtime.mounts.ContainerMounts;
import dev.berth.runtime.mounts.MountPoint;
import dev.berth.runtime.node.ExitFiles;
import dev.berth.runtime.node.HostInfo;
import dev.berth.runtime.node.Signals;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The container lifecycle. Every method returns a Uni to be subscribed on a Vert.x (duplicated, safe) context:
 * database work goes through Hibernate Reactive on that context, node work (processes, files) through
 * {@link #blocking}, i.e. {@code Vertx#executeBlocking}, which comes back to the same context.
 */
@ApplicationScoped
public class ContainerService {
    private static final Logger LOG = Logger.getLogger(ContainerService.class.getName());
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SOURCE = "runtime-service";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Vertx vertx;
    @Inject
    ContainerNode node;
    @Inject
    ImageClient images;
    @Inject
    Waiters waiters;
    @Inject
    AttachHub attachHub;
    @Inject
    ExecService execs;
    @Inject
    ContainerMounts mounts;
    @Inject
    dev.berth.runtime.net.ContainerNetworking networking;
    @Inject
    RestartScheduler restarts;
    @Inject
    HealthMonitor health;
    @Inject
    OomWatcher ooms;

    private final String nodeName = HostInfo.hostname();
    /** Starts, exits and removals in flight, and the rules between them. */
    @Inject
    InFlight inFlight;
    /** How long kill waits for the exit of a SIGKILLed container before it answers anyway. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    // ---------------------------------------------------------------- lookups

    public Uni<Container> find(String ref) {
        return session(() -> findIn(ref));
    }

    private Uni<Container> findIn(String ref) {
        String name = ref != null && ref.startsWith("/") ? ref.substring(1) : ref;
        return Container.<Container>list("id = ?1 or name = ?2", ref, name).chain(direct -> {
            List<IdResolver.Entry> entries = new ArrayList<>(direct.stream().map(c -> new IdResolver.Entry(c.id, c.name)).toList());
            Uni<List<Container>> prefixed = ref != null && ref.matches("[0-9a-f]{1,63}") && direct.isEmpty()
                    ? Container.<Container>list("id like ?1", ref + "%")
                    : Uni.createFrom().item(List.of());
            return prefixed.map(more -> {
                List<Container> all = new ArrayList<>(direct);
                all.addAll(more);
                more.forEach(c -> entries.add(new IdResolver.Entry(c.id, c.name)));
                String id = IdResolver.resolve(entries, ref);
                return all.stream().filter(c -> c.id.equals(id)).findFirst().orElseThrow();
            });
        });
    }

    public Uni<List<Container>> listAll() {
        return session(() -> Container.<Container>listAll());
    }

    // ---------------------------------------------------------------- create

    public Uni<String> create(String requestedName, JsonNode body) {
        String id = newId();
        String name = requestedName == null || requestedName.isEmpty() ? null : ContainerNames.validate(requestedName);
        JsonNode request = body == null ? JSON.createObjectNode() : body;
        String image = request.path("Image").asText("");
        if (image.isEmpty()) {
            return Uni.createFrom().failure(BerthException.invalid("config cannot be empty in order to create a container"));
        }
        try {
            dev.berth.runtime.domain.HostConfigKeys.canonicalize(request.path("HostConfig"));
            CreateSpec.networkMode(request.path("HostConfig"));
            dev.berth.runtime.logs.LogOptions.of(request.path("HostConfig").path("LogConfig"));
            ContainerSettings.check(request);
        } catch (BerthException e) {
            return Uni.createFrom().failure(e);
        }
        Uni<Void> nameCheck = name == null ? Uni.createFrom().voidItem()
                : session(() -> Container.<Container>find("name", name).firstResult())
                        .invoke(existing -> {
                            if (existing != null) {
                                throw BerthException.conflict(ContainerNames.conflictMessage(name, existing.id));
                            }
                        }).replaceWithVoid();
        return nameCheck
                .chain(() -> mounts.volumesFrom(request.path("HostConfig"), ref -> find(ref).map(c -> c.mounts)))
                .chain(volumesFrom -> blocking(() -> {
                    JsonNode inspect = images.inspect(image);
                    ImageClient.ImageLayers layers = images.layers(image, inspect);
                    CreateSpec.Result spec = CreateSpec.build(id, image, request, inspect.path("Config"));
                    List<String> dirs = node.ensureLayers(layers.layers(), images);
                    List<MountPoint> mountPoints = mounts.prepare(id, spec.hostConfig(), spec.config().path("Volumes"),
                            volumesFrom);
                    node.prepareBundle(id, spec.config().path("Hostname").asText(), "host".equals(spec.networkMode()));
                    mounts.writeBundle(id, mountPoints);
                    String mode = networking.resolveMode(spec.networkMode());
                    spec.hostConfig().put("NetworkMode", mode);
                    networking.recordCreate(node.paths().bundle(id), mode, request.path("NetworkingConfig"), request);
                    String imageId = inspect.path("Id").asText(layers.id());
                    return new Prepared(spec, dirs, imageId, ContainerMounts.toJson(mountPoints));
                }))
                .chain(prepared -> tx(() -> chooseName(name).chain(finalName -> {
                    Container c = new Container();
                    c.id = id;
                    c.name = finalName;
                    c.image = image;
                    c.imageId = prepared.imageId();
                    c.config = prepared.spec().config().toString();
                    c.hostConfig = prepared.spec().hostConfig().toString();
                    c.path = prepared.spec().path();
                    c.args = toJson(prepared.spec().args());
                    c.layers = toJson(prepared.dirs());
                    c.state = Container.CREATED;
                    c.error = "";
                    c.createdAt = now();
                    c.node = nodeName;
                    c.mounts = prepared.mounts();
                    Map<String, String> extra = Map.of();
                    return c.<Container>persist()
                            .chain(() -> event("create", c, extra, Map.of("networkMode", prepared.spec().networkMode(),
                                    "volumes", ContainerMounts.eventData(c.mounts))));
                })))
                .onFailure().call(failure -> blocking(() -> {
                    node.removeAll(id);
                    mounts.releaseQuietly(id, true);
                    return null;
                }).onFailure().recoverWithNull())
                .onFailure(this::isUniqueViolation).transform(f -> BerthException.conflict(
                        ContainerNames.conflictMessage(name, "(another container)")))
                .replaceWith(id);
    }

    /** --link name:alias and --network container:<ref>: the containers' ids (404 if one does not exist). */
    private Uni<dev.berth.runtime.net.ContainerNetworking.StartContext> links(JsonNode hostConfig) {
        Map<String, String> targets = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, String> names = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, JsonNode> configs = new java.util.concurrent.ConcurrentHashMap<>();
        String[] join = new String[1];
        String mode = hostConfig.path("NetworkMode").asText("");
        Uni<Void> all = !mode.startsWith("container:") ? Uni.createFrom().voidItem()
                : find(mode.substring("container:".length())).invoke(c -> join[0] = c.id).replaceWithVoid();
        for (JsonNode l : hostConfig.path("Links")) {
            String[] parts = l.asText().split(":", 2);
            String target = parts[0].replaceFirst("^/", "");
            String alias = parts.length > 1 ? parts[1].substring(parts[1].lastIndexOf('/') + 1) : target;
            all = all.chain(() -> find(target).invoke(c -> {
                targets.put(alias, c.id);
                names.put(alias, c.name);
                configs.put(alias, readTree(c.config));
            }).replaceWithVoid());
        }
        return all.map(x -> new dev.berth.runtime.net.ContainerNetworking.StartContext(targets, names, join[0],
                configs));
    }

    private record Prepared(CreateSpec.Result spec, List<String> dirs, String imageId, String mounts) {
    }

    private Uni<String> chooseName(String requested) {
        if (requested != null) {
            return Container.<Container>find("name", requested).firstResult().map(existing -> {
                if (existing != null) {
                    throw BerthException.conflict(ContainerNames.conflictMessage(requested, existing.id));
                }
                return requested;
            });
        }
        return Panache.getSession()
                .chain(s -> s.createQuery("select c.name from Container c", String.class).getResultList())
                .map(names -> ContainerNames.generate(Set.copyOf(names)::contains));
    }

    private boolean isUniqueViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.contains("duplicate key") && m.contains("name")) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- start

    public Uni<Void> start(String ref) {
        return find(ref).chain(c -> {
            ContainerState state = ContainerState.of(c.state);
            if (state.isRunning()) {
                return Uni.createFrom().failure(state.refuse(Verb.START, c.id).orElseThrow());
            }
            return launch(c, StartKind.USER);
        });
    }

    /** Why a container starts: the user (resets RestartCount and the manual stop), its restart policy, or restore. */
    enum StartKind { USER, POLICY, SERVICE_START }

    /** A restart policy's start after the backoff delay; the container is in state restarting. */
    Uni<Void> restartByPolicy(String id) {
        return find(id).chain(c -> {
            if (!Container.RESTARTING.equals(c.state)) {
                return Uni.createFrom().voidItem();
            }
            return launch(c, StartKind.POLICY).onFailure(f -> !(f instanceof BerthException b
                    && b.kind() == ErrorKind.NOT_MODIFIED)).call(f -> tx(() -> locked(id)
                    .invoke(x -> {
                        if (x != null && Container.RESTARTING.equals(x.state)) {
                            x.state = Container.EXITED;
                        }
                    })).invoke(() -> waiters.exited(id, c.exitCode)).replaceWithVoid());
        });
    }

    /** dockerd's restore: a stopped container whose policy says so starts with the service. */
    Uni<Void> startOnServiceStart(String id) {
        return find(id).chain(c -> c.isRunning() ? Uni.createFrom().voidItem() : launch(c, StartKind.SERVICE_START));
    }

    private Uni<Void> launch(Container c, StartKind kind) {
        {
            ContainerState state = inFlight.isRemoving(c.id) ? ContainerState.REMOVING : ContainerState.of(c.state);
            if (state == ContainerState.REMOVING) {
                return Uni.createFrom().failure(state.refuse(Verb.START, c.id).orElseThrow());
            }
            if (!inFlight.beginStart(c.id)) {
                return Uni.createFrom().failure(ContainerState.RUNNING.refuse(Verb.START, c.id).orElseThrow());
            }
            String id = c.id;
            JsonNode config = readTree(c.config);
            JsonNode hostConfig = readTree(c.hostConfig);
            List<String> args = fromJson(c.args);
            List<String> layers = fromJson(c.layers);
            String name = c.name;
            String path = c.path;
            return links(hostConfig).onFailure().invoke(f -> inFlight.abandonStart(id)).chain(ctx -> blocking(() -> {
                awaitExitHandled(id);
                networking.stashStartContext(id, ctx);
                int pid = node.create(id, name, config, hostConfig, path, args, layers);
                attachHub.connectPending(id);
                node.start(id);
                return pid;
            })).onFailure().call(failure -> tx(() -> locked(id).invoke(x -> {
                if (x != null) {
                    x.error = failure.getMessage() == null ? "" : failure.getMessage();
                    String m = x.error;
                    if (m.contains("executable file not found") || m.contains("no such file or directory")) {
                        x.exitCode = 127;
                    } else if (m.contains("permission denied")) {
                        x.exitCode = 126;
                    }
                }
            })).onFailure().recoverWithNull().invoke(() -> attachHub.failPending(id)))
              .onFailure().call(failure -> removeAfterFailedStart(id, hostConfig))
              .chain(pid -> tx(() -> locked(id).chain(x -> {
                  if (x == null) {
                      return Uni.createFrom().voidItem();
                  }
                  x.state = Container.RUNNING;
                  x.pid = pid;
                  x.exitCode = 0;
                  x.error = "";
                  x.oomKilled = false;
                  x.startedAt = now();
                  if (kind != StartKind.POLICY) {
                      x.restartCount = 0;
                      x.manuallyStopped = false;
                  }
                  health.resetForStart(x);
                  return event("start", x, Map.of(), Map.of());
              })).invoke(() -> {
                  if (kind == StartKind.USER) {
                      restarts.reset(id);
                  }
                  health.watch(id);
                  ooms.watch(id);
              }))
              .eventually(() -> {
                  boolean exited = inFlight.finishStart(id) || java.nio.file.Files.exists(node.paths().exitFile(id));
                  if (exited) {
                      return handleExit(id).onFailure().recoverWithNull();
                  }
                  return Uni.createFrom().voidItem();
              })
              // the client went away: the exit watcher's rescan picks up an exit that was deferred
              .onCancellation().invoke(() -> inFlight.abandonStart(id));
        }
    }

    /**
     * A start that finds the container exited while its exit is still being handled (state recorded, rootfs and
     * network not yet released) waits for that to finish, or the cleanup would unmount the new start's rootfs.
     * Runs on a worker thread.
     */
    private void awaitExitHandled(String id) {
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        while (inFlight.exitInProgress(id) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A --rm container that could not start is removed, as dockerd does: `docker run --rm` waits for the removal
     * after a failed start (its wait?condition=removed), and nothing of it is left behind.
     */
    private Uni<Void> removeAfterFailedStart(String id, JsonNode hostConfig) {
        if (!hostConfig.path("AutoRemove").asBoolean(false)) {
            return Uni.createFrom().voidItem();
        }
        inFlight.endStartForRemoval(id);
        inFlight.removeVolumesWith(id);
        return removeNow(id).onFailure().invoke(f -> LOG.log(Level.WARNING,
                "auto-remove of " + id + " after its failed start: " + f.getMessage())).onFailure().recoverWithNull();
    }

    // ---------------------------------------------------------------- exits

    /** Called by the exit watcher (on a safe context) when {@code <exits>/<id>} appeared. */
    public Uni<Void> handleExit(String id) {
        if (inFlight.deferExitIfStarting(id)) {
            return Uni.createFrom().voidItem();
        }
        OptionalInt code = ExitFiles.read(node.paths().exitFile(id));
        if (code.isEmpty()) {
            return Uni.createFrom().voidItem(); // not written completely yet: the next event or the timer gets it
        }
        OffsetDateTime finished = now();
        try {
            finished = java.nio.file.Files.getLastModifiedTime(node.paths().exitFile(id)).toInstant().atOffset(ZoneOffset.UTC);
        } catch (java.io.IOException e) {
            // keep now
        }
        return recordExit(id, code.getAsInt(), node.oomKilled(id), finished);
    }

    /** Records an exit once (die event), cleans up, wakes waiters, auto-removes. */
    Uni<Void> recordExit(String id, int code, boolean oom, OffsetDateTime finishedAt) {
        if (!inFlight.beginExit(id)) {
            return Uni.createFrom().voidItem();
        }
        boolean[] restart = {false};
        ooms.forget(id);
        return tx(() -> locked(id).chain(c -> {
            if (c == null || !ContainerState.of(c.state).canRecordExit()) {
                return Uni.createFrom().item((Container) null);
            }
            restart[0] = !inFlight.isRemoving(id) && restarts.onExit(c, code);
            c.state = restart[0] ? Container.RESTARTING : Container.EXITED;
            if (restart[0]) {
                c.restartCount++;
            }
            boolean reportedLive = c.oomKilled; // OomWatcher saw it while the container ran
            c.exitCode = code;
            c.oomKilled = oom || reportedLive;
            c.pid = 0;
            c.finishedAt = finishedAt;
            health.stopped(c);
            Uni<Void> oomEvent = oom && !reportedLive ? event("oom", c, Map.of(), Map.of()) : Uni.createFrom().voidItem();
            long ran = c.startedAt == null ? 0 : Math.max(0, Duration.between(c.startedAt, finishedAt).getSeconds());
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("exitCode", Integer.toString(code));
            attributes.put("execDuration", Long.toString(ran));
            return oomEvent.chain(() -> event("die", c, attributes, Map.of())).replaceWith(c);
        })).chain(c -> blocking(() -> {
            node.cleanupAfterExit(id);
            return c;
        })).chain(c -> {
            if (c == null) {
                return Uni.createFrom().voidItem();
            }
            waiters.exited(id, code);
            if (restart[0]) {
                restarts.schedule(id, c.startedAt, c.finishedAt);
                return Uni.createFrom().voidItem();
            }
            boolean autoRemove = readTree(c.hostConfig).path("AutoRemove").asBoolean(false);
            if (autoRemove) {
                inFlight.removeVolumesWith(id);
            }
            return autoRemove ? removeNow(id).onFailure().invoke(f -> LOG.log(Level.WARNING,
                    "auto-remove of " + id + " failed: " + f.getMessage())).onFailure().recoverWithNull()
                    : Uni.createFrom().voidItem();
        }).onTermination().invoke(() -> inFlight.endExit(id));
    }

    /** A running container whose conmon and exit file are gone (host reboot, killed shim): exit code 255. */
    Uni<Void> recordVanished(String id) {
        return recordExit(id, 255, false, now());
    }

    // ---------------------------------------------------------------- stop / kill / restart

    public Uni<Boolean> stop(String ref, Integer timeoutParam, String signalParam) {
        return find(ref).chain(c -> {
            if (!ContainerState.of(c.state).canStop()) {
                return Uni.createFrom().item(false);
            }
            JsonNode config = readTree(c.config);
            String sig = signalParam != null && !signalParam.isEmpty() ? signalParam
                    : config.path("StopSignal").asText("SIGTERM");
            int signal = Signals.parse(sig.isEmpty() ? "SIGTERM" : sig);
            int timeout = timeoutParam != null ? timeoutParam
                    : config.hasNonNull("StopTimeout") ? config.get("StopTimeout").asInt() : 10;
            return stopRunning(c.id, signal, timeout).chain(() -> tx(
                    () -> locked(c.id).chain(x -> x == null ? Uni.createFrom().voidItem()
                            : event("stop", x, Map.of(), Map.of()))))
                    .replaceWith(true);
        });
    }

    /** signal, wait up to timeout for the exit, then SIGKILL and wait again. timeout < 0 waits forever. */
    Uni<Void> stopRunning(String id, int signal, int timeoutSeconds) {
        return stopRestarting(id).chain(wasRestarting -> wasRestarting ? Uni.createFrom().voidItem()
                : signalAndWait(id, signal, timeoutSeconds));
    }

    /** A container waiting for its policy restart is simply stopped (no signal: nothing runs). */
    private Uni<Boolean> stopRestarting(String id) {
        restarts.cancel(id);
        return tx(() -> locked(id).map(x -> {
            if (x == null || ContainerState.of(x.state) != ContainerState.RESTARTING || inFlight.isStarting(id)) {
                return false;
            }
            x.state = Container.EXITED;
            x.manuallyStopped = true;
            return true;
        })).invoke(was -> {
            if (was) {
                waiters.exited(id, 0);
            }
        });
    }

    private Uni<Void> signalAndWait(String id, int signal, int timeoutSeconds) {
        CompletableFuture<Integer> exit = waiters.nextExit(id);
        return sendSignal(id, signal)
                .chain(() -> Contexts.await(exit, timeoutSeconds < 0 ? null : Duration.ofSeconds(timeoutSeconds), null))
                .chain(code -> {
                    if (code != null) {
                        return Uni.createFrom().voidItem();
                    }
                    CompletableFuture<Integer> again = waiters.nextExit(id);
                    return sendSignal(id, 9).chain(() -> Contexts.await(again, Duration.ofSeconds(30), -1))
                            .replaceWithVoid();
                });
    }

    private Uni<Void> sendSignal(String id, int signal) {
        return tx(() -> locked(id).chain(x -> {
            if (x == null || !ContainerState.of(x.state).canKill()) {
                return Uni.createFrom().voidItem();
            }
            x.manuallyStopped = true; // Docker's HasBeenManuallyStopped: no restart policy applies now
            return event("kill", x, Map.of("signal", Integer.toString(signal)), Map.of());
        }))
                .chain(() -> blocking(() -> {
                    node.kill(id, signal);
                    if (signal == 9) {
                        node.thawQuietly(id);
                    }
                    return null;
                }))
                .replaceWithVoid();
    }

    // ---------------------------------------------------------------- pause / unpause / rename / top

    public Uni<Void> pause(String ref) {
        return find(ref).chain(c -> {
            Optional<BerthException> refused = ContainerState.of(c.state).refuse(Verb.PAUSE, c.id);
            if (refused.isPresent()) {
                return Uni.createFrom().failure(refused.get());
            }
            return blocking(() -> {
                node.pause(c.id);
                return null;
            }).chain(() -> tx(() -> locked(c.id).chain(x -> {
                if (x == null) {
                    throw BerthException.notFound("No such container: " + c.id);
                }
                ContainerState.of(x.state).require(Verb.PAUSE, c.id); // a concurrent pause, an exit meanwhile
                x.state = Container.PAUSED;
                return event("pause", x, Map.of(), Map.of());
            })));
        });
    }

    public Uni<Void> unpause(String ref) {
        return find(ref).chain(c -> {
            Optional<BerthException> refused = ContainerState.of(c.state).refuse(Verb.UNPAUSE, c.id);
            if (refused.isPresent()) {
                return Uni.createFrom().failure(refused.get());
            }
            return blocking(() -> {
                node.unpause(c.id);
                return null;
            }).chain(() -> tx(() -> locked(c.id).chain(x -> {
                if (x == null || !ContainerState.of(x.state).canUnpause()) {
                    return Uni.createFrom().voidItem(); // gone or exited meanwhile: nothing is paused any more
                }
                x.state = Container.RUNNING;
                return event("unpause", x, Map.of(), Map.of());
            })));
        });
    }

    public Uni<Void> rename(String ref, String newNameParam) {
        String requested = newNameParam == null ? "" : newNameParam.strip();
        if (requested.isEmpty() || requested.equals("/")) {
            return Uni.createFrom().failure(BerthException.invalid("Neither old nor new names may be empty"));
        }
        String newName;
        try {
            newName = ContainerNames.validate(requested);
        } catch (BerthException e) {
            return Uni.createFrom().failure(e);
        }
        return find(ref).chain(c -> {
            if (c.name.equals(newName)) {
                return Uni.createFrom().failure(BerthException.invalid(
                        "Renaming a container with the same name as its current name"));
            }
            return tx(() -> Container.<Container>find("name", newName).firstResult().chain(existing -> {
                if (existing != null) {
                    throw BerthException.conflict(ContainerNames.conflictMessage(newName, existing.id));
                }
                return locked(c.id);
            }).chain(x -> {
                String oldName = x.name;
                x.name = newName;
                return event("rename", x, Map.of("oldName", "/" + oldName), Map.of());
            })).onFailure(this::isUniqueViolation).transform(f -> BerthException.conflict(
                    ContainerNames.conflictMessage(newName, "(another container)")));
        });
    }

    /** docker top: the container's processes from the host's ps, filtered by the container's cgroup. */
    public Uni<Map<String, Object>> top(String ref, String psArgs) {
        return find(ref).chain(c -> {
            Optional<BerthException> refused = ContainerState.of(c.state).refuse(Verb.TOP, c.id);
            if (refused.isPresent()) {
                return Uni.createFrom().failure(refused.get());
            }
            return blocking(() -> {
                java.util.Set<Integer> pids = node.cgroupPids(c.id);
                List<String> argv = new ArrayList<>();
                argv.add("ps");
                String args = psArgs == null || psArgs.isBlank() ? "-ef" : psArgs;
                argv.addAll(List.of(args.trim().split("\\s+")));
                dev.berth.runtime.node.ProcessRunner.Result r = node.runHost(argv);
                if (!r.ok()) {
                    throw BerthException.internal("Error running ps: " + r.stderr().strip() + " " + r.stdout().strip(), null);
                }
                return dev.berth.runtime.node.PsOutput.parse(r.stdout(), pids);
            });
        });
    }

    public Uni<Void> kill(String ref, String signalParam) {
        int signal = Signals.parse(signalParam == null || signalParam.isEmpty() ? "SIGKILL" : signalParam);
        return find(ref).chain(c -> {
            Optional<BerthException> refused = ContainerState.of(c.state).refuse(Verb.KILL, c.id);
            if (refused.isPresent()) {
                return Uni.createFrom().failure(refused.get());
            }
            return stopRestarting(c.id).chain(was -> was ? Uni.createFrom().voidItem()
                    : signal == 9 ? killAndWait(c.id) : sendSignal(c.id, signal));
        });
    }

    /**
     * dockerd's Kill: SIGKILL, then wait until the container is no longer running (its exit recorded, its rootfs
     * and network released), so that a start right after the kill finds it stopped and does not race the cleanup.
     */
    private Uni<Void> killAndWait(String id) {
        CompletableFuture<Integer> exit = waiters.nextExit(id);
        return sendSignal(id, 9).chain(() -> Contexts.await(exit, KILL_WAIT, -1)).replaceWithVoid();
    }

    public Uni<Void> restart(String ref, Integer timeoutParam, String signalParam) {
        return find(ref).chain(c -> stop(c.id, timeoutParam, signalParam)
                .chain(() -> start(c.id))
                .chain(() -> tx(() -> locked(c.id)
                        .chain(x -> event("restart", x, Map.of(), Map.of())))));
    }

    // ---------------------------------------------------------------- wait

    /** Registers the wait and returns a future of the exit code (404 now if the container does not exist). */
    public Uni<CompletableFuture<Integer>> waitFor(String ref, String condition) {
        String cond = condition == null || condition.isEmpty() ? "not-running" : condition;
        if (!Set.of("not-running", "next-exit", "removed").contains(cond)) {
            return Uni.createFrom().failure(BerthException.invalid("invalid condition: \"" + cond + "\""));
        }
        return find(ref).chain(c -> {
            CompletableFuture<Integer> f = cond.equals("removed") ? waiters.removal(c.id) : waiters.nextExit(c.id);
            if (cond.equals("next-exit")) {
                return Uni.createFrom().item(f);
            }
            // re-read after registering: the container may have exited (or gone) in between
            return session(() -> Container.<Container>findById(c.id)).map(now -> {
                if (now == null) {
                    f.complete(c.exitCode);
                } else if (cond.equals("not-running") && !ContainerState.of(now.state).isRunning()
                        && !inFlight.isStarting(now.id)) {
                    waiters.forget(now.id, f);
                    f.complete(now.exitCode);
                }
                return f;
            });
        });
    }

    // ---------------------------------------------------------------- remove

    public Uni<Void> remove(String ref, boolean force) {
        return remove(ref, force, false);
    }

    /** {@code removeVolumes} ({@code rm -v}): the container's anonymous volumes go with it. */
    public Uni<Void> remove(String ref, boolean force, boolean removeVolumes) {
        return find(ref).chain(c -> {
            ContainerState state = inFlight.isStarting(c.id) ? ContainerState.RUNNING : ContainerState.of(c.state);
            if (state.isRunning()) {
                Optional<BerthException> refused = state.refuse(force ? Verb.FORCE_REMOVE : Verb.REMOVE, c.id);
                if (refused.isPresent()) {
                    return Uni.createFrom().failure(refused.get());
                }
                return stopRunning(c.id, 9, 30).invoke(() -> {
                    if (removeVolumes) {
                        inFlight.removeVolumesWith(c.id);
                    }
                }).chain(() -> removeNow(c.id));
            }
            if (removeVolumes) {
                inFlight.removeVolumesWith(c.id);
            }
            return removeNow(c.id);
        });
    }

    Uni<Void> removeNow(String id) {
        restarts.reset(id);
        health.forget(id);
        if (!inFlight.beginRemove(id)) {
            // someone else (auto-remove) is at it: done when they are
            return Contexts.await(waiters.removal(id), Duration.ofSeconds(60), -1).replaceWithVoid();
        }
        return tx(() -> locked(id).invoke(c -> {
            if (c != null) {
                c.state = Container.REMOVING;
            }
        })).chain(c -> {
            if (c == null) {
                return Uni.createFrom().voidItem();
            }
            int code = c.exitCode;
            boolean removeVolumes = inFlight.removesVolumes(id);
            boolean hasVolumes = ContainerMounts.hasVolumes(c.mounts);
            return blocking(() -> {
                node.removeAll(id);
                return null;
            }).chain(() -> tx(() -> locked(id).chain(x -> x == null
                    ? Uni.createFrom().voidItem()
                    : event("destroy", x, Map.of(), Map.of("removeVolumes", removeVolumes))
                            .chain(() -> deleteRow(id)))))
              .call(() -> hasVolumes ? blocking(() -> {
                  mounts.releaseQuietly(id, removeVolumes);
                  return null;
              }) : Uni.createFrom().nullItem())
              .invoke(() -> {
                  execs.forget(id);
                  waiters.removed(id, code);
              });
        }).onTermination().invoke(() -> inFlight.endRemove(id));
    }

    // ---------------------------------------------------------------- misc

    public Uni<Void> resize(String ref, int h, int w) {
        return find(ref).chain(c -> {
            Optional<BerthException> refused = ContainerState.of(c.state).refuse(Verb.RESIZE, c.id);
            if (refused.isPresent()) {
                return Uni.createFrom().failure(refused.get());
            }
            return blocking(() -> {
                node.resize(c.id, h, w);
                return null;
            }).chain(() -> recordEvent(c.id, "resize", Map.of("height", Integer.toString(h),
                    "width", Integer.toString(w))));
        }).replaceWithVoid();
    }

    /** Records {@code action} for a container (hooks of other packages: export, commit, cp, detach, resize...). */
    public Uni<Void> recordEvent(String id, String action, Map<String, String> attributes) {
        return tx(() -> locked(id).chain(x -> x == null
                ? Uni.createFrom().voidItem() : event(action, x, attributes, Map.of())));
    }

    /** An OOM kill inside a running container (OomWatcher): Docker's oom event, and OOMKilled from now on. */
    public Uni<Void> recordOom(String id) {
        return tx(() -> locked(id).chain(x -> {
            if (x == null || !x.isRunning() || x.oomKilled) {
                return Uni.createFrom().voidItem();
            }
            x.oomKilled = true;
            return event("oom", x, Map.of(), Map.of());
        }));
    }

    /** Records an event about no single container (prune): Actor.ID is empty, as dockerd sends it. */
    public Uni<Void> recordNodeEvent(String action, Map<String, String> attributes) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("attributes", new LinkedHashMap<>(attributes));
        return tx(() -> Outbox.append(Topics.CONTAINER, CloudEvent.of(SOURCE, EventType.of("container", action), "", data)));
    }

    public Uni<Void> attached(String id) {
        return tx(() -> locked(id).chain(x -> x == null
                ? Uni.createFrom().voidItem() : event("attach", x, Map.of(), Map.of())));
    }

    public Uni<Map<String, Object>> info() {
        return session(() -> Container.<Container>listAll()).chain(all -> blocking(() -> {
            Map<String, Object> info = new LinkedHashMap<>();
            long running = all.stream().filter(c -> Container.RUNNING.equals(c.state)).count();
            long paused = all.stream().filter(c -> Container.PAUSED.equals(c.state)).count();
            info.put("Containers", all.size());
            info.put("ContainersRunning", running);
            info.put("ContainersPaused", paused);
            info.put("ContainersStopped", all.size() - running - paused);
            info.putAll(HostInfo.facts(node.paths()));
            return info;
        }));
    }

    /** Ids of containers the DB believes are running. */
    public Uni<List<Container>> runningOrRemoving() {
        return session(() -> Container.<Container>list("state in ?1",
                List.of(Container.RUNNING, Container.PAUSED, Container.RESTARTING, Container.REMOVING)));
    }

    public boolean isStarting(String id) {
        return inFlight.isStarting(id);
    }

    // ---------------------------------------------------------------- helpers

    Uni<Void> event(String action, Container c, Map<String, String> extraAttributes, Map<String, Object> extraData) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        JsonNode labels = readTree(c.config).path("Labels");
        Iterator<Map.Entry<String, JsonNode>> it = labels.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            attributes.put(e.getKey(), e.getValue().asText());
        }
        attributes.put("image", c.image);
        attributes.put("name", c.name);
        attributes.putAll(extraAttributes);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("attributes", attributes);
        data.put("imageId", c.imageId);
        data.putAll(extraData);
        return Outbox.append(Topics.CONTAINER, CloudEvent.of(SOURCE, EventType.of("container", action), c.id, data));
    }

    /**
     * Node work on a worker thread. Like {@link #tx} and {@link #session}, it captures the caller's Vert.x context
     * when the Uni is built and both subscribes and emits on it, so every step of an operation runs on the request's
     * own (duplicated) context and event-loop thread: Hibernate Reactive refuses (HR000069) or, worse, mixes up
     * sessions when a continuation lands on another event loop.
     */
    public <T> Uni<T> blocking(Callable<T> work) {
        Context ctx = io.vertx.core.Vertx.currentContext();
        Callable<T> wrapped = () -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw BerthException.internal(e.getMessage(), e);
            }
        };
        if (ctx == null) {
            return vertx.executeBlocking(Uni.createFrom().item(() -> {
                try {
                    return wrapped.call();
                } catch (Exception e) {
                    throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
                }
            }), false);
        }
        Uni<T> u = Uni.createFrom().emitter(em -> ctx.executeBlocking(wrapped, false).onComplete(ar -> {
            if (ar.succeeded()) {
                em.complete(ar.result());
            } else {
                em.fail(ar.cause());
            }
        }));
        return pin(ctx, u);
    }

    /**
     * Deletes a container's row with a query, never with {@code session.remove(entity)}: Hibernate Reactive 3.1 keeps
     * the pending entity delete in a field of the entity type's one {@code ReactiveDeleteCoordinator}, shared by all
     * sessions (hibernate-reactive#1713), so two sessions flushing a removed Container at once overwrite each other's
     * future and one flush never completes: its DELETE has run, its COMMIT is never sent, the PostgreSQL session stays
     * "idle in transaction" and the request hangs. A mutation query does not go through that coordinator.
     */
    private static Uni<Void> deleteRow(String id) {
        return Container.delete("id", id).replaceWithVoid();
    }

    /**
     * A container's row for a read-modify-write transaction, locked ({@code select … for update}) until the commit.
     * DB steps run concurrently, so two transactions on the same container (an exit and a kill, an OOM report and
     * the exit) would otherwise both read the old row and the later commit would undo the other's change or repeat
     * its event; the lock makes the second wait and read the first one's result. Each transaction locks one row.
     */
    static Uni<Container> locked(String id) {
        return Container.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * One transaction on the caller's context. DB steps of different requests run concurrently, each on its own
     * (duplicated) context with its own session; a step must not start another step from inside its work.
     */
    <T> Uni<T> tx(java.util.function.Supplier<Uni<T>> work) {
        Context ctx = io.vertx.core.Vertx.currentContext();
        return pin(ctx, Uni.createFrom().deferred(() -> Panache.withTransaction(work)));
    }

    <T> Uni<T> session(java.util.function.Supplier<Uni<T>> work) {
        Context ctx = io.vertx.core.Vertx.currentContext();
        return pin(ctx, Uni.createFrom().deferred(() -> Panache.withSession(work)));
    }

    static <T> Uni<T> pin(Context ctx, Uni<T> uni) {
        if (ctx == null) {
            return uni;
        }
        java.util.concurrent.Executor onCtx = r -> {
            if (io.vertx.core.Vertx.currentContext() == ctx) {
                r.run();
            } else {
                ctx.runOnContext(v -> r.run());
            }
        };
        return uni.runSubscriptionOn(onCtx).emitOn(onCtx);
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static JsonNode readTree(String json) {
        try {
            return json == null ? JSON.createObjectNode() : JSON.readTree(json);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    static List<String> fromJson(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (Exception e) {
            return List.of();
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
