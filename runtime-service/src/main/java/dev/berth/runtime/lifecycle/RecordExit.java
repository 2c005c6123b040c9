package dev.berth.runtime.lifecycle;

import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerState;
import dev.berth.runtime.domain.LifecycleEvent;
import dev.berth.runtime.node.ExitFiles;
import dev.berth.runtime.restart.RestartPolicy;
import dev.berth.runtime.service.VerbSupport;
import dev.berth.runtime.spec.StoredSettings;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A container's process ended: the die event once, the node cleaned up, waiters woken, then its restart policy
 * or its auto-removal. Also the OOM kill seen while it runs.
 */
@ApplicationScoped
public class RecordExit {
    private static final Logger LOG = Logger.getLogger(RecordExit.class.getName());

    @Inject
    VerbSupport support;
    @Inject
    InFlight inFlight;
    @Inject
    LifecycleEvents lifecycle;
    @Inject
    AutoRemove autoRemoval;

    /** Called by the exit watcher (on a safe context) when {@code <exits>/<id>} appeared. */
    public Uni<Void> handleExit(String id) {
        if (inFlight.deferExitIfStarting(id)) {
            return Uni.createFrom().voidItem();
        }
        OptionalInt code = ExitFiles.read(support.node().paths().exitFile(id));
        if (code.isEmpty()) {
            return Uni.createFrom().voidItem(); // not written completely yet: the next event or the timer gets it
        }
        OffsetDateTime finished = OffsetDateTime.now(ZoneOffset.UTC);
        try {
            finished = Files.getLastModifiedTime(support.node().paths().exitFile(id)).toInstant()
                    .atOffset(ZoneOffset.UTC);
        } catch (IOException e) {
            // keep now
        }
        return recordExit(id, code.getAsInt(), support.node().oomKilled(id), finished);
    }

    /** A running container whose conmon and exit file are gone (host reboot, killed shim): exit code 255. */
    Uni<Void> recordVanished(String id) {
        return recordExit(id, 255, false, OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** Records an exit once (die event), cleans up, wakes waiters, auto-removes. */
    Uni<Void> recordExit(String id, int code, boolean oom, OffsetDateTime finishedAt) {
        if (!inFlight.beginExit(id)) {
            return Uni.createFrom().voidItem();
        }
        boolean[] restart = {false};
        boolean[] autoRemove = {false};
        return support.db().tx(() -> support.db().locked(id).chain(c -> {
            if (c == null || !ContainerState.of(c.state).canRecordExit()) {
                return Uni.createFrom().item((Container) null);
            }
            StoredSettings settings = c.settings();
            autoRemove[0] = settings.autoRemove();
            restart[0] = !inFlight.isRemoving(id) && RestartPolicy.of(settings.restartPolicy())
                    .shouldRestart(code, c.restartCount, c.manuallyStopped);
            c.state = restart[0] ? Container.RESTARTING : Container.EXITED;
            if (restart[0]) {
                c.restartCount++;
            }
            boolean reportedLive = c.oomKilled; // OomWatcher saw it while the container ran
            c.exitCode = code;
            c.oomKilled = oom || reportedLive;
            c.pid = 0;
            c.finishedAt = finishedAt;
            Uni<Void> oomEvent = oom && !reportedLive ? support.events().append("oom", c, Map.of(), Map.of())
                    : Uni.createFrom().voidItem();
            long ran = c.startedAt == null ? 0 : Math.max(0, Duration.between(c.startedAt, finishedAt).getSeconds());
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("exitCode", Integer.toString(code));
            attributes.put("execDuration", Long.toString(ran));
            return oomEvent.chain(() -> support.events().append("die", c, attributes, Map.of())).replaceWith(c);
        })).chain(c -> support.db().blocking(() -> {
            support.node().cleanupAfterExit(id);
            return c;
        })).chain(c -> {
            if (c == null) {
                return Uni.createFrom().voidItem();
            }
            support.waiters().exited(id, code);
            lifecycle.publish(new LifecycleEvent.Exited(id, code, restart[0], c.startedAt, c.finishedAt));
            if (restart[0]) {
                return Uni.createFrom().voidItem();
            }
            if (autoRemove[0]) {
                inFlight.removeVolumesWith(id);
            }
            return autoRemove[0] ? autoRemoval.remove(id, "after its exit") : Uni.createFrom().voidItem();
        }).onTermination().invoke(() -> inFlight.endExit(id));
    }

    /** An OOM kill inside a running container (OomWatcher): Docker's oom event, and OOMKilled from now on. */
    public Uni<Void> recordOom(String id) {
        return support.db().tx(() -> support.db().locked(id).chain(x -> {
            if (x == null || !x.isRunning() || x.oomKilled) {
                return Uni.createFrom().voidItem();
            }
            x.oomKilled = true;
            return support.events().append("oom", x, Map.of(), Map.of());
        }));
    }
}
