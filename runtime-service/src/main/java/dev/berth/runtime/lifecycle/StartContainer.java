package dev.berth.runtime.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerJson;
import dev.berth.runtime.domain.ContainerState;
import dev.berth.runtime.domain.ContainerState.Verb;
import dev.berth.runtime.domain.LifecycleEvent;
import dev.berth.runtime.health.HealthConfig;
import dev.berth.runtime.health.HealthState;
import dev.berth.runtime.net.ContainerNetworking;
import dev.berth.runtime.service.AttachHub;
import dev.berth.runtime.service.ContainerNode;
import dev.berth.runtime.service.VerbSupport;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.HostSpec;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * docker start, and the starts of restart policies and of the service's own start: node work (create, attach,
 * runc start), then the row; an exit reported meanwhile is handled once the start committed ({@link InFlight}).
 */
@ApplicationScoped
public class StartContainer {
    private static final Logger LOG = Logger.getLogger(StartContainer.class.getName());
    /** How long a start waits for the previous exit's cleanup. */
    private static final Duration EXIT_CLEANUP_WAIT = Duration.ofSeconds(30);

    /** Why a container starts: the user (resets RestartCount and the manual stop), its restart policy, or restore. */
    enum StartKind { USER, POLICY, SERVICE_START }

    @Inject
    VerbSupport support;
    @Inject
    InFlight inFlight;
    @Inject
    AttachHub attachHub;
    @Inject
    ContainerNetworking networking;
    @Inject
    LifecycleEvents lifecycle;
    @Inject
    RecordExit exits;
    @Inject
    AutoRemove autoRemoval;

    public Uni<Void> start(String ref) {
        return support.lookup().find(ref).chain(c -> {
            ContainerState state = ContainerState.of(c.state);
            if (state.isRunning()) {
                return Uni.createFrom().failure(state.refuse(Verb.START, c.id).orElseThrow());
            }
            return launch(c, StartKind.USER);
        });
    }

    /** A restart policy's start after the backoff delay; the container is in state restarting. */
    Uni<Void> restartByPolicy(String id) {
        return support.lookup().find(id).chain(c -> {
            if (!Container.RESTARTING.equals(c.state)) {
                return Uni.createFrom().voidItem();
            }
            return launch(c, StartKind.POLICY).onFailure(f -> !(f instanceof BerthException b
                    && b.kind() == ErrorKind.NOT_MODIFIED)).call(f -> support.db().tx(() -> support.db().locked(id)
                    .invoke(x -> {
                        if (x != null && Container.RESTARTING.equals(x.state)) {
                            x.state = Container.EXITED;
                        }
                    })).invoke(() -> support.waiters().exited(id, c.exitCode)).replaceWithVoid());
        });
    }

    /** dockerd's restore: a stopped container whose policy says so starts with the service. */
    Uni<Void> startOnServiceStart(String id) {
        return support.lookup().find(id).chain(c -> c.isRunning() ? Uni.createFrom().voidItem()
                : launch(c, StartKind.SERVICE_START));
    }

    private Uni<Void> launch(Container c, StartKind kind) {
        ContainerState state = inFlight.isRemoving(c.id) ? ContainerState.REMOVING : ContainerState.of(c.state);
        if (state == ContainerState.REMOVING) {
            return Uni.createFrom().failure(state.refuse(Verb.START, c.id).orElseThrow());
        }
        if (!inFlight.beginStart(c.id)) {
            return Uni.createFrom().failure(ContainerState.RUNNING.refuse(Verb.START, c.id).orElseThrow());
        }
        String id = c.id;
        ContainerTx db = support.db();
        ContainerNode node = support.node();
        JsonNode config = ContainerJson.readTree(c.config);
        JsonNode hostConfig = ContainerJson.readTree(c.hostConfig);
        List<String> args = ContainerJson.fromJson(c.args);
        List<String> layers = ContainerJson.fromJson(c.layers);
        String name = c.name;
        String path = c.path;
        HostSpec host = ContainerSpecParser.hostConfig(hostConfig);
        return links(host).onFailure().invoke(f -> inFlight.abandonStart(id)).chain(ctx -> db.blocking(() -> {
            awaitExitHandled(id);
            networking.stashStartContext(id, ctx);
            int pid = node.create(id, name, config, hostConfig, path, args, layers);
            attachHub.connectPending(id);
            node.start(id);
            return pid;
        })).onFailure().call(failure -> db.tx(() -> db.locked(id).invoke(x -> {
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
          .onFailure().call(failure -> removeAfterFailedStart(id, host))
          .chain(pid -> db.tx(() -> db.locked(id).chain(x -> {
              if (x == null) {
                  return Uni.createFrom().voidItem();
              }
              x.state = Container.RUNNING;
              x.pid = pid;
              x.exitCode = 0;
              x.error = "";
              x.oomKilled = false;
              x.startedAt = OffsetDateTime.now(ZoneOffset.UTC);
              if (kind != StartKind.POLICY) {
                  x.restartCount = 0;
                  x.manuallyStopped = false;
              }
              // a container with a probe starts as starting
              x.health = HealthConfig.of(config) == null ? null : HealthState.starting(x.health);
              return support.events().append("start", x, Map.of(), Map.of());
          })).invoke(() -> lifecycle.publish(new LifecycleEvent.Started(id, kind == StartKind.USER))))
          .eventually(() -> {
              boolean exited = inFlight.finishStart(id) || Files.exists(node.paths().exitFile(id));
              if (exited) {
                  return exits.handleExit(id).onFailure().recoverWithNull();
              }
              return Uni.createFrom().voidItem();
          })
          // the client went away: the exit watcher's rescan picks up an exit that was deferred
          .onCancellation().invoke(() -> inFlight.abandonStart(id));
    }

    /** --link name:alias and --network container:<ref>: the containers' ids (404 if one does not exist). */
    private Uni<ContainerNetworking.StartContext> links(HostSpec host) {
        Map<String, String> targets = new ConcurrentHashMap<>();
        Map<String, String> names = new ConcurrentHashMap<>();
        Map<String, JsonNode> configs = new ConcurrentHashMap<>();
        String[] join = new String[1];
        String mode = host.networkMode();
        Uni<Void> all = !mode.startsWith("container:") ? Uni.createFrom().voidItem()
                : support.lookup().find(mode.substring("container:".length())).invoke(c -> join[0] = c.id)
                        .replaceWithVoid();
        for (String link : host.links()) {
            String[] parts = link.split(":", 2);
            String target = parts[0].replaceFirst("^/", "");
            String alias = parts.length > 1 ? parts[1].substring(parts[1].lastIndexOf('/') + 1) : target;
            all = all.chain(() -> support.lookup().find(target).invoke(c -> {
                targets.put(alias, c.id);
                names.put(alias, c.name);
                configs.put(alias, ContainerJson.readTree(c.config));
            }).replaceWithVoid());
        }
        return all.map(x -> new ContainerNetworking.StartContext(targets, names, join[0], configs));
    }

    /**
     * A start that finds the container exited while its exit is still being handled (state recorded, rootfs and
     * network not yet released) waits for that to finish, or the cleanup would unmount the new start's rootfs.
     * Runs on a worker thread.
     */
    private void awaitExitHandled(String id) {
        long deadline = System.nanoTime() + EXIT_CLEANUP_WAIT.toNanos();
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
    private Uni<Void> removeAfterFailedStart(String id, HostSpec host) {
        if (!host.autoRemove()) {
            return Uni.createFrom().voidItem();
        }
        inFlight.endStartForRemoval(id);
        inFlight.removeVolumesWith(id);
        return autoRemoval.remove(id, "after its failed start");
    }
}
